"""Case 85: every number squared."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda value: value**2, rasp.tokens).named("square")


def reference(tokens):
    return [value * value for value in tokens]


CASE = CaseSpec(
    case_id="85",
    description="Squares each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
