"""Case 91: numbers below 3 become 0, numbers from 3 up are copied."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_CUTOFF = 3


def program() -> rasp.SOp:
    return rasp.Map(lambda v: 0 if v < _CUTOFF else v, rasp.tokens).named("zero_below_cutoff")


def reference(tokens):
    return [0 if v < _CUTOFF else v for v in tokens]


CASE = CaseSpec(
    case_id="91",
    description="Sets every number smaller than 3 to 0 and keeps the rest.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    released=Released.UNCONFIRMED,
)
