"""Case 107: each number wrapped into 2..6 (period 5), as (x - 2) mod 5 + 2.

Surprising: the range [2, 7] is used half-open, so 7 never comes out.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_LOW, _HIGH = 2, 7


def _wrap(v):
    return (v - _LOW) % (_HIGH - _LOW) + _LOW


def program() -> rasp.SOp:
    return rasp.Map(_wrap, rasp.tokens).named("wrapped")


def reference(tokens):
    out = []
    for v in tokens:
        while v >= _HIGH:
            v -= _HIGH - _LOW
        while v < _LOW:
            v += _HIGH - _LOW
        out.append(v)
    return out


CASE = CaseSpec(
    case_id="107",
    description="Wraps every number around into the values 2 to 6.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(-15, 15),
    causal=True,
    released=Released.NO,
    upstream_quirk="Wraps modulo 5 into 2..6, so the stated range [2, 7] is half-open and 7 never appears.",
)
