"""Case tb-length: the number of tokens, at every position (tracr's make_length)."""

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program():
    return make_length()


def reference(tokens):
    return [len(tokens)] * len(tokens)


CASE = CaseSpec(
    case_id="tb-length",
    description="Writes the length of the input at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
