"""Case 105: the smallest prime at or above each number (a prime maps to itself, 0 and 1 to 2)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _is_prime(v):
    return v >= 2 and all(v % d != 0 for d in range(2, int(v ** 0.5) + 1))


def _prime_at_or_above(v):
    while not _is_prime(v):
        v += 1
    return v


def program() -> rasp.SOp:
    return rasp.Map(_prime_at_or_above, rasp.tokens).named("next_prime")


def reference(tokens):
    return [_prime_at_or_above(v) for v in tokens]


CASE = CaseSpec(
    case_id="105",
    description="Replaces each number with the first prime that is not smaller than it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 30),
    causal=True,
    released=Released.YES,
    upstream_quirk="A prime is kept as it is rather than moved to the next prime after it.",
)
