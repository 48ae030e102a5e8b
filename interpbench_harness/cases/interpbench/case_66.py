"""Case 66: each decimal (0, 0.25, ..., 4.75) rounded to an integer, halves rounding up.

The two Maps (add 0.5, then truncate with int) fold into one MLP.
"""

import math

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    shifted = rasp.Map(lambda x: x + 0.5, rasp.tokens).named("plus_half")
    return rasp.Map(lambda x: int(x), shifted).named("truncate")


def reference(tokens):
    return [math.floor(x + 0.5) for x in tokens]


CASE = CaseSpec(
    case_id="66",
    description="Rounds each decimal number to the nearest integer.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.evenly_spaced_floats(0, 5, 20),
    causal=True,
    upstream_quirk="Rounds with int(x + 0.5), so halves always go up (0.5 -> 1, 2.5 -> 3), unlike Python's round().",
)
