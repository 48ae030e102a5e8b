"""Case 95: how many different primes divide each number (0 and 1 have none)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _n_distinct_primes(value):
    found = 0
    rest = value
    divisor = 2
    while rest > 1 and divisor * divisor <= rest:
        if rest % divisor == 0:
            found += 1
            while rest % divisor == 0:
                rest //= divisor
        divisor += 1
    if rest > 1:
        found += 1
    return found


def program() -> rasp.SOp:
    return rasp.Map(_n_distinct_primes, rasp.tokens).named("distinct_prime_factors")


def reference(tokens):
    return [_n_distinct_primes(v) for v in tokens]


CASE = CaseSpec(
    case_id="95",
    description="Counts the distinct prime divisors of each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 30),
    causal=True,
    released=Released.UNCONFIRMED,
)
