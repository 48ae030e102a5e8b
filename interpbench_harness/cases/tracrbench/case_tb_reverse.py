"""Case tb-reverse: the digits back to front (tracr's make_reverse, as case 2 on letters)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_reverse
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    return make_reverse(rasp.tokens)


def reference(tokens):
    return list(reversed(tokens))


CASE = CaseSpec(
    case_id="tb-reverse",
    description="Reverses the sequence of digits.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
