"""Case 101: 1 where the number is a perfect square (0, 1, 4, 9, ...), else 0."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _is_square(v):
    return 1 if math.isqrt(v) ** 2 == v else 0


def program() -> rasp.SOp:
    return rasp.Map(_is_square, rasp.tokens).named("is_square")


def reference(tokens):
    return [_is_square(v) for v in tokens]


CASE = CaseSpec(
    case_id="101",
    description="Marks perfect squares with 1 and all other numbers with 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 30),
    causal=True,
    released=Released.YES,
)
