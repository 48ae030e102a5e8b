"""Case 50: hyperbolic cosine of each number (unrounded floats)."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(math.cosh, rasp.tokens).named("cosh")


def reference(tokens):
    return [math.cosh(n) for n in tokens]


CASE = CaseSpec(
    case_id="50",
    description="Replaces each number by its hyperbolic cosine, as a float class.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
