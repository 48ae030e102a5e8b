"""Case 131: the larger of each token and the one before it; None at position 0.

The shifted read at position 0 is empty, so the program yields None there.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    earlier = shift_by(1, rasp.tokens).named("one_back")
    return rasp.SequenceMap(lambda a, b: int(max(a, b)), rasp.tokens, earlier).named(
        "max_with_previous"
    )


def reference(tokens):
    return [None] + [int(max(tokens[i], tokens[i - 1])) for i in range(1, len(tokens))]


CASE = CaseSpec(
    case_id="131",
    description="Takes the larger of each number and the number before it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    released=Released.NO,
    upstream_quirk=(
        "Position 0 evaluates to None (its shifted read is empty) instead of keeping its token; "
        "the compiled model outputs the token there."
    ),
)
