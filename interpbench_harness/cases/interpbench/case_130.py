"""Case 130: every token clipped into the range [2, 7].

Built from constant columns of 2 and 7 and two comparisons, so it takes three MLP layers.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_LOW, _HIGH = 2, 7


def program() -> rasp.SOp:
    low = rasp.Map(lambda _: _LOW, rasp.tokens).named("low_bound")
    high = rasp.Map(lambda _: _HIGH, rasp.tokens).named("high_bound")
    raised = rasp.SequenceMap(lambda t, lo: lo if t < _LOW else t, rasp.tokens, low).named(
        "raised_to_low"
    )
    return rasp.SequenceMap(lambda v, hi: hi if v > _HIGH else v, raised, high).named("clipped")


def reference(tokens):
    return [min(max(t, _LOW), _HIGH) for t in tokens]


CASE = CaseSpec(
    case_id="130",
    description="Clips each number into the range 2 to 7.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(-15, 15),
    causal=True,
    released=Released.YES,
)
