"""Case 92: a number smaller than its left neighbour becomes 0; the first number is kept."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import previous_or_self
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    previous = previous_or_self(rasp.tokens)  # position 0 compares with itself: never zeroed
    return rasp.SequenceMap(
        lambda cur, prev: 0 if cur < prev else cur, rasp.tokens, previous
    ).named("zero_if_dropped")


def reference(tokens):
    return [0 if i > 0 and v < tokens[i - 1] else v for i, v in enumerate(tokens)]


CASE = CaseSpec(
    case_id="92",
    description="Replaces each number that is smaller than the one before it with 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    released=Released.UNCONFIRMED,
)
