"""Case 38: whether each token differs from both its left and its right neighbour.

A missing neighbour makes the comparison None, so the first and the last positions yield None.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    left = shift_by(1, rasp.tokens)
    right = shift_by(-1, rasp.tokens)
    unlike_left = rasp.SequenceMap(lambda a, b: a != b, left, rasp.tokens).named("unlike_left")
    unlike_right = rasp.SequenceMap(lambda a, b: a != b, rasp.tokens, right).named("unlike_right")
    return rasp.SequenceMap(lambda a, b: a and b, unlike_left, unlike_right).named("alternating")


def reference(tokens):
    n = len(tokens)
    out = []
    for i, tok in enumerate(tokens):
        if i == 0 or i == n - 1:
            out.append(None)
        else:
            out.append(tokens[i - 1] != tok and tok != tokens[i + 1])
    return out


CASE = CaseSpec(
    case_id="38",
    description="True where a token differs from the tokens on both sides of it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=False,
    released=Released.UNCONFIRMED,
    upstream_quirk="Outputs None at the first and last positions (a neighbour is missing there).",
)
