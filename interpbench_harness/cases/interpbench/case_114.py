"""Case 114: the base-10 logarithm of every token (unrounded floats)."""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _log_ten(value):
    return math.log(value, 10)


def program() -> rasp.SOp:
    return rasp.Map(_log_ten, rasp.tokens).named("log_base_ten")


def reference(tokens):
    return [_log_ten(t) for t in tokens]


CASE = CaseSpec(
    case_id="114",
    description="Takes the logarithm to base 10 of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(1, 11),
    causal=True,
    released=Released.YES,
)
