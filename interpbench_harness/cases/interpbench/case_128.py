"""Case 128: the sequence with its first and last tokens exchanged."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _source(i, n):
    if i == 0:
        return n - 1
    if i + 1 == n:
        return 0
    return i


def program() -> rasp.SOp:
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("every_pair")
    n_tokens = rasp.SelectorWidth(everyone).named("n_tokens")
    source = rasp.SequenceMap(_source, rasp.indices, n_tokens).named("swap_partner")
    pick = rasp.Select(source, rasp.indices, rasp.Comparison.EQ).named("pick_partner")
    return rasp.Aggregate(pick, rasp.tokens).named("ends_swapped")


def reference(tokens):
    out = list(tokens)
    out[0], out[-1] = tokens[-1], tokens[0]
    return out


CASE = CaseSpec(
    case_id="128",
    description="Exchanges the first and the last number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
)
