"""Case 86: 1 where the number is a power of two, else 0, except that 1 (= 2**0) gives 0.

The test divides by 2 while the value is at least 1 and only accepts a value that equals 2,
so 1 is never accepted; 2, 4 and 8 are.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec

_BASE = 2


def _positive_power_flag(value):
    while value >= 1:
        if value == _BASE:
            return 1
        value /= _BASE
    return 0


def program() -> rasp.SOp:
    return rasp.Map(lambda value: _positive_power_flag(value), rasp.tokens).named("power_of_two_flag")


def reference(tokens):
    flags = []
    for value in tokens:
        power = _BASE
        while power < value:
            power *= _BASE
        flags.append(1 if power == value else 0)
    return flags


CASE = CaseSpec(
    case_id="86",
    description="Flags each number with 1 if it is 2, 4, 8, ... (a power of two above one) and 0 otherwise.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    upstream_quirk="1 = 2**0 is reported as not a power of two (0): only 2, 4, 8, ... give 1.",
)
