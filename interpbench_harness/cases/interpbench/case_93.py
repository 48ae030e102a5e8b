"""Case 93: swaps positions (1, 2), (3, 4), ...; position 0 and an unpaired last position stay."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _partner(i, n):
    if (i == n - 1 and n % 2 == 0) or i == 0:
        return i
    return i - 1 if i % 2 == 0 else i + 1


def program() -> rasp.SOp:
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("everyone")
    n = rasp.SelectorWidth(everyone).named("n_tokens")
    source = rasp.SequenceMap(_partner, rasp.indices, n).named("partner_index")
    pick = rasp.Select(rasp.indices, source, rasp.Comparison.EQ).named("from_partner")
    return rasp.Aggregate(pick, rasp.tokens).named("odd_pairs_swapped")


def reference(tokens):
    n = len(tokens)
    return [tokens[_partner(i, n)] for i in range(n)]


CASE = CaseSpec(
    case_id="93",
    description="Swaps each odd position with the position after it, leaving the first token in place.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.UNCONFIRMED,
)
