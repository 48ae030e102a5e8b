"""Case 47: at each position, how many times that position's letter occurs in the whole input."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    same_letter = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.EQ).named("same_letter")
    return rasp.SelectorWidth(same_letter).named("occurrences")


def reference(tokens):
    return [sum(1 for other in tokens if other == tok) for tok in tokens]


CASE = CaseSpec(
    case_id="47",
    description="At each position, the number of times its letter occurs anywhere in the input.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(10),
    causal=False,
)
