"""Case tb-index-parity: the parity of each position, 0 at even and 1 at odd ones.

The MLP reads the token too: tracr only compiles programs that read `tokens`.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    return rasp.SequenceMap(lambda _, i: i % 2, rasp.tokens, rasp.indices).named("index_parity")


def reference(tokens):
    return [i % 2 for i in range(len(tokens))]


CASE = CaseSpec(
    case_id="tb-index-parity",
    description="Replaces every digit by the parity of its position (0 even, 1 odd).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
