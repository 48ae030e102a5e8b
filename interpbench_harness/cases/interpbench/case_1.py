"""Case 1: whether each letter repeats the letter two positions before it.

Positions 0 and 1 have nothing two places back, so the program gives None there.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released

LAG = 2


def program() -> rasp.SOp:
    two_back = shift_by(LAG, rasp.tokens)
    return rasp.SequenceMap(lambda here, back: here == back, rasp.tokens, two_back).named(
        "repeats_two_back"
    )


def reference(tokens):
    return [None if i < LAG else tokens[i] == tokens[i - LAG] for i in range(len(tokens))]


CASE = CaseSpec(
    case_id="1",
    description="Marks each letter True when it equals the letter two positions earlier.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(5),
    causal=True,
    released=Released.NO,
    upstream_quirk="Outputs None at the first two positions, where no earlier letter exists.",
    sampler=samplers.balanced_rotation_inputs,
)
