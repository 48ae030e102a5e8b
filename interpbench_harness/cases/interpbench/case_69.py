"""Case 69: the sign (-1, 0 or 1) of each number.

The vocabulary is 0..10, so -1 never appears: the output space is just {0, 1}.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def _sign(value):
    if value > 0:
        return 1
    if value < 0:
        return -1
    return 0


def program() -> rasp.SOp:
    return rasp.Map(_sign, rasp.tokens).named("sign_of_token")


def reference(tokens):
    return [_sign(value) for value in tokens]


CASE = CaseSpec(
    case_id="69",
    description="Maps each number to its sign: -1 below zero, 0 at zero, 1 above.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
