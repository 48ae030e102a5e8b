"""Case 74: even positions keep their number; the numbers at odd positions appear in reverse order.

Odd position i reads position n - i when the length n is even and n - i - 1 when it is odd,
which is always another odd position, so no output is ever None.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def _source_position(i, n):
    if i % 2 == 0:
        return i
    return n - i if n % 2 == 0 else n - i - 1


def program() -> rasp.SOp:
    n_positions = rasp.SelectorWidth(
        rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE)
    ).named("n_positions")
    source = rasp.SequenceMap(_source_position, rasp.indices, n_positions).named("source_position")
    read_source = rasp.Select(rasp.indices, source, rasp.Comparison.EQ).named("read_source")
    return rasp.Aggregate(read_source, rasp.tokens).named("odd_reversed")


def reference(tokens):
    n = len(tokens)
    return [tokens[_source_position(i, n)] for i in range(n)]


CASE = CaseSpec(
    case_id="74",
    description="Keeps even-position numbers in place and reverses the order of the odd-position ones.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)
