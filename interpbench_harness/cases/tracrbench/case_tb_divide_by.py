"""Case tb-divide-by: each digit divided by 1, i.e. turned into a float.

TracrBench's program takes the divisor as a parameter; its compiled model's output space
(0.0, 1.0, ..., 9.0) shows it was built with 1.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN

_DIVISOR = 1


def program() -> rasp.SOp:
    return rasp.Map(lambda digit: digit / _DIVISOR, rasp.tokens).named("divided")


def reference(tokens):
    return [digit / _DIVISOR for digit in tokens]


CASE = CaseSpec(
    case_id="tb-divide-by",
    description="Divides every digit by 1 (true division, so each digit comes out as a float).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
