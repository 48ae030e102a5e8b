"""Case 43: the n-th Fibonacci number (F0 = 0, F1 = 1) for each token n in 0..19."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _fibonacci_table(count):
    table = [0, 1]
    while len(table) < count:
        table.append(table[-2] + table[-1])
    return table


def program() -> rasp.SOp:
    table = _fibonacci_table(21)
    return rasp.Map(lambda n: table[n] if n < len(table) else 0, rasp.tokens).named("fibonacci")


def reference(tokens):
    out = []
    for n in tokens:
        a, b = 0, 1
        for _ in range(n):
            a, b = b, a + b
        out.append(a)
    return out


CASE = CaseSpec(
    case_id="43",
    description="Replaces each number n with the n-th Fibonacci number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 20),
    causal=True,
    released=Released.UNCONFIRMED,
)
