"""Case 41: the absolute value of each integer from -10 to 9."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda n: -n if n < 0 else n, rasp.tokens).named("absolute_value")


def reference(tokens):
    return [abs(n) for n in tokens]


CASE = CaseSpec(
    case_id="41",
    description="Replaces each integer token by its absolute value.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(-10, 10),
    causal=True,
    released=Released.UNCONFIRMED,
)
