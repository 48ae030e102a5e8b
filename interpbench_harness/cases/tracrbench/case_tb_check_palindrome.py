"""Case tb-check-palindrome: 1 at every position when the input reads the same backwards, else 0.

One head reads the mirrored position (length - 1 - i, computed in one MLP from the length), an MLP
marks where the two agree, a selector width counts the disagreements and a last MLP turns a count
of zero into 1.

At 9 tokens tracr's default MLP exactness leaves the length soft, and the selector width that
counts disagreements needs exact keys: the compiled model answers wrongly on every 9-token input,
so the case takes at most 8 tokens (MAX_SEQ_LEN - 1).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    mirrored_index = rasp.SequenceMap(lambda n, i: n - 1 - i, make_length(), rasp.indices)
    mirrored_index = mirrored_index.named("mirrored_index")
    read_mirror = rasp.Select(rasp.indices, mirrored_index, rasp.Comparison.EQ).named("read_mirror")
    mirrored = rasp.Aggregate(read_mirror, rasp.tokens).named("mirrored_token")
    agrees = rasp.SequenceMap(lambda token, other: 1 if token == other else 0, rasp.tokens, mirrored).named(
        "agrees_with_mirror"
    )
    disagreeing = rasp.Select(agrees, agrees, lambda key, query: key == 0).named("disagreeing")
    n_disagreeing = rasp.SelectorWidth(disagreeing).named("n_disagreeing")
    return rasp.Map(lambda count: 1 if count == 0 else 0, n_disagreeing).named("is_palindrome")


def reference(tokens):
    return [1 if list(tokens) == list(reversed(tokens)) else 0] * len(tokens)


CASE = CaseSpec(
    case_id="tb-check-palindrome",
    description="Writes 1 everywhere if the digits read the same backwards, else 0 everywhere.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN - 1,
    released=Released.NO,
)
