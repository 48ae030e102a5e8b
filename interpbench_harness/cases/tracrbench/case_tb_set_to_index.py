"""Case tb-set-to-index: each digit replaced by its 0-based position.

The MLP reads the token too: tracr only compiles programs that read `tokens`.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    return rasp.SequenceMap(lambda _, i: i, rasp.tokens, rasp.indices).named("own_index")


def reference(tokens):
    return list(range(len(tokens)))


CASE = CaseSpec(
    case_id="tb-set-to-index",
    description="Replaces every digit by its position counted from 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
