"""Case 92: a number smaller than its left neighbour becomes 0; the first number is kept."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    # Position 0 compares with itself, so it is never zeroed.
    left = rasp.Select(
        rasp.indices, rasp.indices, lambda key, query: query == key + 1 or key == 0 and query == 0
    ).named("left_or_self")
    previous = rasp.Aggregate(left, rasp.tokens).named("previous_token")
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
