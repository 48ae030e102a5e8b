"""Case 118: each token plus the one before it; None at position 0.

The zero fallback for position 0 never fires: the shifted read there is None, so the sum is None.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    earlier = shift_by(1, rasp.tokens).named("one_back")
    earlier_or_zero = rasp.SequenceMap(lambda v, i: v if i > 0 else 0, earlier, rasp.indices).named(
        "one_back_or_zero"
    )
    return rasp.SequenceMap(lambda a, b: int(a + b), rasp.tokens, earlier_or_zero).named(
        "plus_previous"
    )


def reference(tokens):
    return [None] + [int(tokens[i] + tokens[i - 1]) for i in range(1, len(tokens))]


CASE = CaseSpec(
    case_id="118",
    description="Adds to each number the number before it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    upstream_quirk="Position 0 evaluates to None (its shifted read is empty), though the compiled model outputs the token there.",
)
