"""Case tb-rescale: each digit min-max scaled into [0, 1], (x - min) / (max - min).

TracrBench's program takes the target range as parameters; its output space shows it was built
for [0, 1]. When all digits are equal the range is 0 and every output is the int 1. The maximum
and the minimum are found as in cases 98 and tb-min-element, each with its own length.

Compiled for 9 tokens, tracr's default MLP exactness leaves the lengths soft, and the three MLPs
that combine the maximum and the minimum make the compiled model answer wrongly on 8- and
9-token inputs; compiled for 8 it answers every input, so the case takes at most 8 tokens.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import largest, make_length
from interpbench_harness.cases.spec import CaseSpec, Released
from interpbench_harness.cases.tracrbench import MAX_SEQ_LEN

_LOW, _HIGH = 0, 1


def _smallest(sop: rasp.SOp) -> rasp.SOp:
    """The smallest value of numerical `sop` at every position (as in case tb-min-element)."""
    tie_broken = rasp.SequenceMap(lambda v, i: v + i * 0.00000000000001, sop, rasp.indices)
    tie_broken = tie_broken.named("tie_broken_token")
    at_least = rasp.Select(tie_broken, tie_broken, rasp.Comparison.GEQ).named("key_at_least_query")
    n_at_least = rasp.SelectorWidth(at_least).named("n_at_least")
    is_bottom = rasp.Select(n_at_least, make_length(), rasp.Comparison.EQ).named("is_bottom")
    return rasp.Aggregate(is_bottom, sop).named("smallest")


def program() -> rasp.SOp:
    top = largest(rasp.tokens).named("largest_token")
    bottom = _smallest(rasp.tokens).named("smallest_token")
    spread = rasp.SequenceMap(lambda hi, lo: hi - lo, top, bottom).named("spread")
    above_bottom = (rasp.tokens - bottom).named("above_smallest")
    unit = rasp.SequenceMap(lambda x, width: x / width if width != 0 else 1, above_bottom, spread)
    unit = unit.named("unit_scaled")
    return rasp.Map(lambda x: _LOW + x * (_HIGH - _LOW), unit).named("rescaled")


def reference(tokens):
    low, width = min(tokens), max(tokens) - min(tokens)
    return [_LOW + ((x - low) / width if width else 1) * (_HIGH - _LOW) for x in tokens]


CASE = CaseSpec(
    case_id="tb-rescale",
    description="Scales the digits linearly so that the smallest becomes 0 and the largest 1.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.digits(),
    causal=False,
    max_seq_len=MAX_SEQ_LEN - 1,
    released=Released.NO,
)
