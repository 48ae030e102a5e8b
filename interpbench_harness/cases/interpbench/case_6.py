"""Case 6: whether the sequence changes direction at each number (a local peak or valley).

A position is True when "rose into it" and "rises out of it" disagree. Equal neighbours count
as not rising, so a step down or a flat step after a rise also counts as a turn. The first and
last positions lack a neighbour and give None.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    before = shift_by(1, rasp.tokens)
    after = shift_by(-1, rasp.tokens)
    rose_in = rasp.SequenceMap(lambda left, right: right > left, before, rasp.tokens).named(
        "rose_in"
    )
    rises_out = rasp.SequenceMap(lambda left, right: right > left, rasp.tokens, after).named(
        "rises_out"
    )
    return rasp.SequenceMap(lambda a, b: a != b, rose_in, rises_out).named("turns_here")


def reference(tokens):
    out = []
    for i, value in enumerate(tokens):
        if i == 0 or i == len(tokens) - 1:
            out.append(None)
        else:
            out.append((value > tokens[i - 1]) != (tokens[i + 1] > value))
    return out


CASE = CaseSpec(
    case_id="6",
    description=(
        "True where the comparison with the previous number and with the next one point in "
        "opposite directions (a turn), None at both ends."
    ),
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    released=Released.UNCONFIRMED,
    upstream_quirk=(
        "Flat steps count as 'not rising', so e.g. 1,3,3 marks the middle 3 as a turn; the ends "
        "are None."
    ),
)
