"""Case 42: the first token, copied to every position.

The position to read is a constant 0 computed from the indices by an MLP, which the attention
head then matches against the key indices.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    zero = rasp.Map(lambda i: 0, rasp.indices).named("always_zero")
    read_start = rasp.Select(rasp.indices, zero, rasp.Comparison.EQ).named("read_start")
    return rasp.Aggregate(read_start, rasp.tokens, default=None).named("first_token")


def reference(tokens):
    return [tokens[0] for _ in tokens]


CASE = CaseSpec(
    case_id="42",
    description="Writes the sequence's first token at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(10),
    causal=True,
    released=Released.UNCONFIRMED,
)
