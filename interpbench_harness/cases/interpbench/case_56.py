"""Case 56: zeroes the 3rd, 6th, 9th, ... number (1-based) and keeps the others.

The two Maps on the position fold into one MLP (tracr merges a Map of a Map), so the program
has two MLP layers: the position flag, then the token/flag SequenceMap.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    third_flag = rasp.Map(lambda pos: (pos + 1) % 3 == 0, rasp.indices).named("is_third")
    third_bit = rasp.Map(lambda flag: 1 if flag else 0, third_flag).named("is_third_bit")
    return rasp.SequenceMap(
        lambda value, bit: 0 if bit else value, rasp.tokens, third_bit
    ).named("zero_every_third")


def reference(tokens):
    return [0 if (pos + 1) % 3 == 0 else value for pos, value in enumerate(tokens)]


CASE = CaseSpec(
    case_id="56",
    description="Sets every third number (positions 3, 6, 9, ... counting from 1) to zero.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
