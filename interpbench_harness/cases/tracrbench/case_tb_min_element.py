"""Case tb-min-element: the smallest digit, written at every position.

The mirror of case 98's maximum: a tiny index term makes equal digits distinct, each position
counts the positions whose value is at least its own, and the one position that every position's
value is at least (count equal to the length) is read by all.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def program() -> rasp.SOp:
    tie_broken = rasp.SequenceMap(lambda v, i: v + i * 0.00000000000001, rasp.tokens, rasp.indices).named(
        "tie_broken_token"
    )
    at_least = rasp.Select(tie_broken, tie_broken, rasp.Comparison.GEQ).named("key_at_least_query")
    n_at_least = rasp.SelectorWidth(at_least).named("n_at_least")
    is_bottom = rasp.Select(n_at_least, make_length(), rasp.Comparison.EQ).named("is_bottom")
    return rasp.Aggregate(is_bottom, rasp.tokens).named("smallest")


def reference(tokens):
    return [min(tokens)] * len(tokens)


CASE = CaseSpec(
    case_id="tb-min-element",
    description="Writes the smallest digit of the input at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN,
    released=Released.NO,
)
