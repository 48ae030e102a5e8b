"""Case 98: the sequence's largest number, written at every position.

The maximum is the position that every (index-tie-broken) token is at most.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    # A tiny index term makes equal tokens distinct, so exactly one position is the maximum.
    tie_broken = rasp.SequenceMap(
        lambda v, i: v + i * 0.00000000000001, rasp.tokens, rasp.indices
    ).named("tie_broken_token")
    at_most = rasp.Select(tie_broken, tie_broken, rasp.Comparison.LEQ).named("key_at_most_query")
    n_at_most = rasp.SelectorWidth(at_most).named("n_at_most")
    is_top = rasp.Select(n_at_most, make_length(), rasp.Comparison.EQ).named("is_top")
    return rasp.Aggregate(is_top, rasp.tokens).named("largest")


def reference(tokens):
    return [max(tokens)] * len(tokens)


CASE = CaseSpec(
    case_id="98",
    description="Writes the largest number of the sequence at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.UNCONFIRMED,
)
