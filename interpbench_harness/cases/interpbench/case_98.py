"""Case 98: the sequence's largest number, written at every position.

The maximum is the position that every (index-tie-broken) token is at most.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import largest
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return largest(rasp.tokens)


def reference(tokens):
    return [max(tokens)] * len(tokens)


CASE = CaseSpec(
    case_id="98",
    description="Writes the largest number of the sequence at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.UNCONFIRMED,
)
