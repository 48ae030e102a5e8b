"""Case 13: compares each number with the one after it: 'increasing', 'decreasing' or 'constant'.

The last position has no successor, so the program yields None there.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released


def _trend(here, after):
    if here < after:
        return "increasing"
    if here > after:
        return "decreasing"
    return "constant"


def program() -> rasp.SOp:
    following = shift_by(-1, rasp.tokens)
    return rasp.SequenceMap(_trend, rasp.tokens, following).named("trend")


def reference(tokens):
    out = [_trend(tokens[i], tokens[i + 1]) for i in range(len(tokens) - 1)]
    return out + [None] if tokens else []


CASE = CaseSpec(
    case_id="13",
    description="Labels each number by how the next number compares with it (up, down or equal).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(3),
    causal=False,
    released=Released.YES,
    upstream_quirk="The last position has no next number and yields None.",
)
