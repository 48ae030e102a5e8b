"""Case 55: hyperbolic sine of each number (unrounded floats)."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda n: math.sinh(n), rasp.tokens).named("sinh")


def reference(tokens):
    return [math.sinh(n) for n in tokens]


CASE = CaseSpec(
    case_id="55",
    description="Replaces each number by its hyperbolic sine, as a float class.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
