"""Case 12: whether the letters 'a', 'b', 'c' end at each position, in that order.

The first two positions cannot end the pattern and give None.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import detect_pattern
from interpbench_harness.cases.spec import CaseSpec, Released

PATTERN = "abc"


def program() -> rasp.SOp:
    return detect_pattern(rasp.tokens, PATTERN)


def reference(tokens):
    width = len(PATTERN)
    out = []
    for i in range(len(tokens)):
        if i < width - 1:
            out.append(None)
        else:
            out.append(list(tokens[i - width + 1 : i + 1]) == list(PATTERN))
    return out


CASE = CaseSpec(
    case_id="12",
    description="True at each position where the last three letters read 'abc'.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=True,
    max_seq_len=15,
    released=Released.NO,
    upstream_quirk="Outputs None at the first two positions.",
)
