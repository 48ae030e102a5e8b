"""Case 122: 1 where the token is divisible by 3, else 0."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_DIVISOR = 3


def program() -> rasp.SOp:
    return rasp.Map(lambda x: 1 if x % _DIVISOR == 0 else 0, rasp.tokens).named("divisible_by_3")


def reference(tokens):
    return [0 if t % _DIVISOR else 1 for t in tokens]


CASE = CaseSpec(
    case_id="122",
    description="Marks with 1 each number that 3 divides, else 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 30),
    causal=True,
    released=Released.YES,
)
