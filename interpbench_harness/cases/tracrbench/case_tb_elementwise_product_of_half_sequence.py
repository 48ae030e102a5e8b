"""Case tb-elementwise-product-of-half-sequence: the first half stretched to full length, times the
second half stretched the same way.

Position q reads token q // 2 from the front and token n - 1 - (n - 1 - q) // 2 from the back, so
[1, 2, 3, 4, 5, 6] gives [1*4, 1*4, 2*5, 2*5, 3*6, 3*6]; for an odd length the middle token
belongs to both halves. TracrBench builds the back half by reversing, stretching and reversing
again, with one mirror selector used twice; so do we.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    mirrored_index = (make_length() - rasp.indices - 1).named("mirrored_index")
    read_mirror = rasp.Select(rasp.indices, mirrored_index, rasp.Comparison.EQ).named("read_mirror")
    read_half_index = rasp.Select(rasp.indices, rasp.indices, lambda key, query: key == query // 2).named(
        "read_half_index"
    )
    front = rasp.Aggregate(read_half_index, rasp.tokens).named("front_half_stretched")
    reversed_tokens = rasp.Aggregate(read_mirror, rasp.tokens).named("reversed_tokens")
    back_reversed = rasp.Aggregate(read_half_index, reversed_tokens).named("back_half_stretched_reversed")
    back = rasp.Aggregate(read_mirror, back_reversed).named("back_half_stretched")
    return rasp.SequenceMap(lambda a, b: a * b, front, back).named("halves_product")


def reference(tokens):
    n = len(tokens)
    return [tokens[q // 2] * tokens[n - 1 - (n - 1 - q) // 2] for q in range(n)]


CASE = CaseSpec(
    case_id="tb-elementwise-product-of-half-sequence",
    description="Stretches each half of the sequence to full length and multiplies the two positionwise.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
