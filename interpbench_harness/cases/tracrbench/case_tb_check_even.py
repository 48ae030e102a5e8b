"""Case tb-check-even: 1 where the digit is even, 0 where it is odd."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    return rasp.Map(lambda digit: 0 if digit % 2 else 1, rasp.tokens).named("is_even")


def reference(tokens):
    return [0 if digit % 2 else 1 for digit in tokens]


CASE = CaseSpec(
    case_id="tb-check-even",
    description="Marks each even digit with 1 and each odd digit with 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
