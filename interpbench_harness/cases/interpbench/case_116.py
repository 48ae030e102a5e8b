"""Case 116: 1 where the token is a multiple of the first token, else 0 (0 when the first is 0)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _divides(value, first):
    if first == 0:
        return 0
    return 1 if value % first == 0 else 0


def program() -> rasp.SOp:
    zeros = rasp.Map(lambda _: 0, rasp.indices).named("zeros")
    at_start = rasp.Select(rasp.indices, zeros, rasp.Comparison.EQ).named("at_start")
    first = rasp.Aggregate(at_start, rasp.tokens).named("first_token")
    return rasp.SequenceMap(_divides, rasp.tokens, first).named("multiple_of_first")


def reference(tokens):
    return [_divides(t, tokens[0]) for t in tokens]


CASE = CaseSpec(
    case_id="116",
    description="Marks with 1 each number that the first number divides, else 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    max_seq_len=11,
    released=Released.NO,
    upstream_quirk="When the first token is 0 every position is 0, even the zeros.",
)
