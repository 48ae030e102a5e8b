"""Case 102: each number reflected into [2, 7], bouncing off the borders until it lands inside."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_LOW, _HIGH = 2, 7


def _bounce(v):
    # Reflection repeats every two widths; fold the distance from the low border into one period.
    width = _HIGH - _LOW
    phase = (v - _LOW) % (2 * width)
    return _LOW + phase if phase <= width else _HIGH - (phase - width)


def program() -> rasp.SOp:
    return rasp.Map(_bounce, rasp.tokens).named("reflected")


def reference(tokens):
    out = []
    for v in tokens:
        while v < _LOW or v > _HIGH:
            v = 2 * _LOW - v if v < _LOW else 2 * _HIGH - v
        out.append(v)
    return out


CASE = CaseSpec(
    case_id="102",
    description="Reflects every number into the range [2, 7] by bouncing it off the range's ends.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(-20, 20),
    causal=True,
    released=Released.YES,
)
