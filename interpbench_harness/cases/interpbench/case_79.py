"""Case 79: 1 where the number is prime, 0 otherwise."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def _is_prime(n):
    if n < 2:
        return 0
    divisor = 2
    while divisor * divisor <= n:
        if n % divisor == 0:
            return 0
        divisor += 1
    return 1


def program() -> rasp.SOp:
    return rasp.Map(lambda value: _is_prime(value), rasp.tokens).named("prime_flag")


def reference(tokens):
    return [_is_prime(value) for value in tokens]


CASE = CaseSpec(
    case_id="79",
    description="Flags each number with 1 if it is prime and 0 if not.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
