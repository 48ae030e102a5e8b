"""Case 96: numbers that occur once are kept, every copy of a repeated number becomes 0.

Surprising: the first occurrence of a repeated number is zeroed too, because the count is taken
over the whole sequence and only a count of exactly 1 keeps the number.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    same_value = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.EQ).named("same_value")
    copies = rasp.SelectorWidth(same_value).named("n_copies")
    position = rasp.Map(lambda i: i + 1, rasp.indices).named("one_based_index")
    capped = rasp.SequenceMap(
        lambda c, p: c if c <= p else 0, copies, position
    ).named("copies_if_within_prefix")
    single = rasp.Map(lambda c: 1 if c == 1 else 0, capped).named("is_single")
    return rasp.SequenceMap(
        lambda v, flag: v if flag == 1 else 0, rasp.tokens, single
    ).named("repeats_zeroed")


def reference(tokens):
    return [v if tokens.count(v) == 1 else 0 for v in tokens]


CASE = CaseSpec(
    case_id="96",
    description="Keeps numbers that appear exactly once and writes 0 wherever a number repeats.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(1, 11),
    causal=False,
    released=Released.UNCONFIRMED,
    upstream_quirk=(
        "Zeroes every occurrence of a repeated number, the first one included, although the "
        "task says first occurrences are kept."
    ),
)
