"""Case tb-rotate-left: the digits rotated one place to the left, the first moving to the end."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    successor = rasp.SequenceMap(lambda i, n: (i + 1) % n if n else 0, rasp.indices, make_length())
    successor = successor.named("cyclic_successor")
    read_next = rasp.Select(rasp.indices, successor, rasp.Comparison.EQ).named("read_next")
    return rasp.Aggregate(read_next, rasp.tokens).named("rotated_left")


def reference(tokens):
    return list(tokens[1:]) + list(tokens[:1])


CASE = CaseSpec(
    case_id="tb-rotate-left",
    description="Rotates the digits one position to the left; the first digit moves to the end.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
