"""Case 115: each token times the next one (the last token is squared).

The last position reads itself instead of a missing neighbour.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import next_or_self
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    following = next_or_self(rasp.tokens)
    return rasp.SequenceMap(lambda a, b: a * b, rasp.tokens, following).named("times_next")


def reference(tokens):
    return [tokens[i] * tokens[i + 1] for i in range(len(tokens) - 1)] + [tokens[-1] ** 2]


CASE = CaseSpec(
    case_id="115",
    description="Multiplies each number by the one after it; the last number is squared.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    upstream_quirk="The last position has no next element and is multiplied by itself.",
)
