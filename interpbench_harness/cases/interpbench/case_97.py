"""Case 97: each number divided by the sequence's largest number (int 0 everywhere if that is 0).

The maximum is found as in case 98: the position every token is at most (ties broken by index).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released


def _largest_token() -> rasp.SOp:
    # A tiny index term makes equal tokens distinct, so exactly one position is the maximum.
    tie_broken = rasp.SequenceMap(
        lambda v, i: v + i * 0.00000000000001, rasp.tokens, rasp.indices
    ).named("tie_broken_token")
    at_most = rasp.Select(tie_broken, tie_broken, rasp.Comparison.LEQ).named("key_at_most_query")
    n_at_most = rasp.SelectorWidth(at_most).named("n_at_most")
    is_top = rasp.Select(n_at_most, make_length(), rasp.Comparison.EQ).named("is_top")
    return rasp.Aggregate(is_top, rasp.tokens).named("largest")


def program() -> rasp.SOp:
    top = _largest_token().named("largest_token")
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
