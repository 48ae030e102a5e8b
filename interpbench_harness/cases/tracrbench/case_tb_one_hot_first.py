"""Case tb-one-hot-first: 1 at the position whose index equals the first digit, 0 elsewhere.

When the first digit is not below the length, no position matches and every output is 0.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    read_first = rasp.Select(rasp.indices, rasp.indices, lambda key, query: key == 0).named("read_first")
    first = rasp.Aggregate(read_first, rasp.tokens).named("first_token")
    return rasp.SequenceMap(lambda digit, i: 1 if digit == i else 0, first, rasp.indices).named(
        "one_hot_first"
    )


def reference(tokens):
    return [1 if tokens[0] == i else 0 for i in range(len(tokens))]


CASE = CaseSpec(
    case_id="tb-one-hot-first",
    description="One-hot encodes the first digit: 1 at the position it names, 0 at all others.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
