"""Case 40: tens digit plus ones digit of each number 0..28."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    tens = rasp.Map(lambda n: n // 10, rasp.tokens).named("tens_digit")
    ones = rasp.Map(lambda n: n % 10, rasp.tokens).named("ones_digit")
    return rasp.SequenceMap(lambda t, o: t + o, tens, ones).named("digit_sum")


def reference(tokens):
    return [sum(int(d) for d in str(n)) for n in tokens]


CASE = CaseSpec(
    case_id="40",
    description="Adds the tens digit and the ones digit of each number token.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 29),
    causal=True,
    released=Released.UNCONFIRMED,
)
