"""Case tb-one-if-equal-to-next: a digit equal to the next one becomes 1, the others stay.

The next digit of the last position is the first one (the comparison wraps around), so a single
digit is equal to its own successor and becomes 1.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    successor = rasp.SequenceMap(lambda i, n: (i + 1) % n if n else 0, rasp.indices, make_length())
    successor = successor.named("cyclic_successor")
    read_next = rasp.Select(rasp.indices, successor, rasp.Comparison.EQ).named("read_next")
    following = rasp.Aggregate(read_next, rasp.tokens).named("next_token")
    marked = rasp.SequenceMap(lambda digit, other: 1 if digit == other else digit, rasp.tokens, following)
    return marked.named("one_if_equal_to_next")


def reference(tokens):
    n = len(tokens)
    return [1 if token == tokens[(i + 1) % n] else token for i, token in enumerate(tokens)]


CASE = CaseSpec(
    case_id="tb-one-if-equal-to-next",
    description="Sets a digit to 1 where it equals the next one (the last digit compares with the first).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
