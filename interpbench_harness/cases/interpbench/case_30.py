"""Case 30: whether the number written in each token lies between 10 and 20, both ends included."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_LOW, _HIGH = 10, 20


def _in_range(text):
    if not text.isdigit():
        return False
    return _LOW <= int(text) <= _HIGH


def program() -> rasp.SOp:
    return rasp.Map(_in_range, rasp.tokens).named("within_10_to_20")


def reference(tokens):
    return [text.isdigit() and int(text) in range(10, 21) for text in tokens]


CASE = CaseSpec(
    case_id="30",
    description="True where the decimal number in the token is at least 10 and at most 20.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integer_strings(0, 30),
    causal=True,
    released=Released.YES,
)
