"""Case 67: each number multiplied by the number of tokens in the input."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    everything = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.TRUE).named("select_all")
    n = rasp.SelectorWidth(everything).named("n_tokens")
    return rasp.SequenceMap(lambda value, size: value * size, rasp.tokens, n).named("times_length")


def reference(tokens):
    return [value * len(tokens) for value in tokens]


CASE = CaseSpec(
    case_id="67",
    description="Multiplies each number by the input length.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)
