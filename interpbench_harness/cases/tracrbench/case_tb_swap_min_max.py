"""Case tb-swap-min-max: every copy of the largest digit becomes the smallest and vice versa.

The maximum and the minimum are found as in cases 98 and tb-min-element; an MLP pairs them and
a last MLP swaps. Where all digits are equal nothing changes. TracrBench's dataset has the
encoders but not the compiled model of this program, so the function follows its task (every copy
is swapped, as the task's later wording says) and the layout is ours.

At 9 tokens tracr's default MLP exactness leaves the lengths soft, and the two MLPs that combine
the maximum and the minimum make the compiled model answer wrongly on some 9-token inputs, so the
case takes at most 8 tokens (MAX_SEQ_LEN - 1).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import largest, make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN


def _smallest(sop: rasp.SOp) -> rasp.SOp:
    """The smallest value of numerical `sop` at every position (as in case tb-min-element)."""
    tie_broken = rasp.SequenceMap(lambda v, i: v + i * 0.00000000000001, sop, rasp.indices)
    tie_broken = tie_broken.named("tie_broken_token")
    at_least = rasp.Select(tie_broken, tie_broken, rasp.Comparison.GEQ).named("key_at_least_query")
    n_at_least = rasp.SelectorWidth(at_least).named("n_at_least")
    is_bottom = rasp.Select(n_at_least, make_length(), rasp.Comparison.EQ).named("is_bottom")
    return rasp.Aggregate(is_bottom, sop).named("smallest")


def _swapped(digit, extremes):
    low, high = extremes
    return high if digit == low else low if digit == high else digit


def program() -> rasp.SOp:
    extremes = rasp.SequenceMap(lambda low, high: (low, high), _smallest(rasp.tokens), largest(rasp.tokens))
    extremes = extremes.named("extremes")
    return rasp.SequenceMap(_swapped, rasp.tokens, extremes).named("min_max_swapped")


def reference(tokens):
    extremes = (min(tokens), max(tokens))
    return [_swapped(digit, extremes) for digit in tokens]


CASE = CaseSpec(
    case_id="tb-swap-min-max",
    description="Swaps the smallest and the largest digit, every copy of each.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN - 1,
    released=Released.NO,
)
