"""Case 51: 1 where the number is a Fibonacci number, 0 elsewhere (numbers 0..99)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec

# Fibonacci numbers up to 610; the vocabulary stops at 99, so this list covers every token.
_FIBONACCI = (0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610)


def program() -> rasp.SOp:
    return rasp.Map(lambda n: 1 if n in _FIBONACCI else 0, rasp.tokens).named("is_fibonacci")


def _is_fibonacci(n):
    a, b = 0, 1
    while a < n:
        a, b = b, a + b
    return a == n


def reference(tokens):
    return [1 if _is_fibonacci(n) else 0 for n in tokens]


CASE = CaseSpec(
    case_id="51",
    description="Marks Fibonacci numbers with 1 and every other number with 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 100),
    causal=True,
)
