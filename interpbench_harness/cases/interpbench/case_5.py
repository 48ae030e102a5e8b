"""Case 5: whether the input is balanced for both bracket kinds, () and {}, each on its own.

A kind is balanced when no prefix closes more than it has opened and the whole input closes
everything it opens; the two kinds may interleave freely (shuffle-Dyck). The verdict, a bool,
is written at every position.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers
from interpbench_harness.cases.rasp_blocks import make_shuffle_dyck
from interpbench_harness.cases.spec import CaseSpec, Released

BRACKET_KINDS = ("()", "{}")


def program() -> rasp.SOp:
    return make_shuffle_dyck(pairs=list(BRACKET_KINDS))


def reference(tokens):
    balanced = True
    for opener, closer in BRACKET_KINDS:
        depth = 0
        for token in tokens:
            depth += (token == opener) - (token == closer)
            if depth < 0:
                balanced = False
        if depth != 0:
            balanced = False
    return [balanced] * len(tokens)


CASE = CaseSpec(
    case_id="5",
    description=(
        "True everywhere when each bracket kind, () and {}, is balanced on its own over the "
        "input, else False everywhere."
    ),
    build_program=program,
    reference=reference,
    vocab=frozenset({"(", ")", "{", "}", "x"}),
    causal=False,
    released=Released.UNCONFIRMED,
    upstream_quirk="Outputs bools (True/False), where its task description promises 1 and 0.",
    sampler=samplers.half_balanced_bracket_inputs,
)
