"""Case tb-position: each digit replaced by its 1-based position.

The MLP reads the token too: tracr only compiles programs that read `tokens`.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    return rasp.SequenceMap(lambda _, i: i + 1, rasp.tokens, rasp.indices).named("position")


def reference(tokens):
    return [i + 1 for i in range(len(tokens))]


CASE = CaseSpec(
    case_id="tb-position",
    description="Replaces every digit by its position counted from 1.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
