"""Case 97: each number divided by the sequence's largest number (int 0 everywhere if that is 0).

The maximum is found as in case 98: the position every token is at most (ties broken by index).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import largest
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    top = largest(rasp.tokens).named("largest_token")
    return rasp.SequenceMap(
        lambda v, m: (v / m) if m > 0 else 0, rasp.tokens, top
    ).named("scaled_by_largest")


def reference(tokens):
    top = max(tokens)
    return [v / top if top > 0 else 0 for v in tokens]


CASE = CaseSpec(
    case_id="97",
    description="Divides every number by the largest number in the sequence.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.UNCONFIRMED,
)
