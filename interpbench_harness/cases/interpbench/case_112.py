"""Case 112: the next token minus the current one (0 at the last position).

The last position reads itself instead of a missing neighbour, so its difference is always 0.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import next_or_self
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    following = next_or_self(rasp.tokens)
    return rasp.SequenceMap(lambda b, a: b - a, following, rasp.tokens).named("step_to_next")


def reference(tokens):
    return [tokens[i + 1] - tokens[i] for i in range(len(tokens) - 1)] + [0]


CASE = CaseSpec(
    case_id="112",
    description="Subtracts each number from the number after it; the last position gets 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    upstream_quirk="The last position has no next element and is compared with itself, giving 0.",
)
