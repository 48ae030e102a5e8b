"""Case tb-alternate-elements: even positions keep their digit, odd positions hold their index."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    return rasp.SequenceMap(lambda token, i: i if i % 2 else token, rasp.tokens, rasp.indices).named(
        "token_or_odd_index"
    )


def reference(tokens):
    return [i if i % 2 else token for i, token in enumerate(tokens)]


CASE = CaseSpec(
    case_id="tb-alternate-elements",
    description="Keeps the digit at even positions and writes the position itself at odd ones.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
