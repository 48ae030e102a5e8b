"""Case 110: position 2j holds number j and odd positions hold 0, at the input's length.

The second half of the input is dropped to make room for the zeros.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    half = rasp.Select(rasp.indices, rasp.indices, lambda k, q: k == int(q / 2)).named("from_half")
    spread = rasp.Aggregate(half, rasp.tokens).named("token_at_half_index")
    return rasp.SequenceMap(
        lambda v, i: v if i % 2 == 0 else 0, spread, rasp.indices
    ).named("zeros_between")


def reference(tokens):
    return [tokens[i // 2] if i % 2 == 0 else 0 for i in range(len(tokens))]


CASE = CaseSpec(
    case_id="110",
    description="Interleaves zeros after the numbers of the first half, keeping the length.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.YES,
)
