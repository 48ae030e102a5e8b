"""Case 62: factorial of each number."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def _factorial(n: int) -> int:
    product = 1
    for factor in range(2, n + 1):
        product *= factor
    return product


def program() -> rasp.SOp:
    return rasp.Map(lambda n: _factorial(n), rasp.tokens).named("factorial")


def reference(tokens):
    return [math.factorial(n) for n in tokens]


CASE = CaseSpec(
    case_id="62",
    description="Replaces each number by its factorial.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
