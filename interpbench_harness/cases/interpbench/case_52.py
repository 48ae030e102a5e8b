"""Case 52: square root of each number (unrounded floats, 0 gives 0.0)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda n: n ** 0.5, rasp.tokens).named("sqrt")


def reference(tokens):
    return [n ** 0.5 for n in tokens]


CASE = CaseSpec(
    case_id="52",
    description="Replaces each number by its square root, as a float class.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    released=Released.YES,
)
