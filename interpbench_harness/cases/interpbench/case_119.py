"""Case 119: with tokens [x, a, b, c], the value a*x^2 + b*x + c at every position.

The degree is fixed at 2, so a 3-token input has no c and evaluates to None everywhere.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_DEGREE = 2


def _add_term(running: rasp.SOp, base: rasp.SOp, slot: int) -> rasp.SOp:
    slot_index = rasp.Map(lambda _: slot, rasp.tokens).named(f"slot_{slot}_index")
    at_slot = rasp.Select(rasp.indices, slot_index, rasp.Comparison.EQ).named(f"at_slot_{slot}")
    coefficient = rasp.Aggregate(at_slot, rasp.tokens, default=None).named(f"coefficient_{slot}")
    power = _DEGREE + 1 - slot
    term = rasp.SequenceMap(lambda x, coef: coef * (x**power), base, coefficient).named(
        f"term_{slot}"
    )
    return rasp.SequenceMap(lambda acc, t: acc + t, running, term).named(f"partial_sum_{slot}")


def program() -> rasp.SOp:
    running = (rasp.tokens - rasp.tokens).named("zero_start")
    at_start = rasp.Select(rasp.indices, running, rasp.Comparison.EQ).named("at_start")
    base = rasp.Aggregate(at_start, rasp.tokens).named("x")
    for slot in range(1, _DEGREE + 2):
        running = _add_term(running, base, slot)
    return running.named("polynomial")


def reference(tokens):
    if len(tokens) < _DEGREE + 2:
        return [None] * len(tokens)
    x = tokens[0]
    total = 0
    for slot in range(1, _DEGREE + 2):
        total = total + tokens[slot] * (x ** (_DEGREE + 1 - slot))
    return [total] * len(tokens)


CASE = CaseSpec(
    case_id="119",
    description="Evaluates at the first number the quadratic whose coefficients are the next three numbers.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 6),
    causal=False,
    max_seq_len=5,
    released=Released.NO,
    upstream_quirk="The degree is fixed at 2, so 3-token inputs (a missing constant term) give None everywhere.",
)
