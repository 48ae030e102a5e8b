"""Case 88: the mean of the first and the last number, as a float, at every position.

The last number is found by reversing the sequence and then reading its position 0.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    read_start = rasp.Select(rasp.indices, rasp.indices, lambda key, query: key == 0).named("read_start")
    first = rasp.Aggregate(read_start, rasp.tokens, default=None).named("first")
    n_positions = rasp.SelectorWidth(rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE))
    mirror = rasp.SequenceMap(lambda i, n: n - i - 1, rasp.indices, n_positions).named("mirror")
    read_mirror = rasp.Select(mirror, rasp.indices, rasp.Comparison.EQ).named("read_mirror")
    backwards = rasp.Aggregate(read_mirror, rasp.tokens).named("backwards")
    last = rasp.Aggregate(read_start, backwards, default=None).named("last")
    return rasp.SequenceMap(lambda a, b: (a + b) / 2.0, first, last).named("mean_first_last")


def reference(tokens):
    mean = (tokens[0] + tokens[-1]) / 2.0
    return [mean] * len(tokens)


CASE = CaseSpec(
    case_id="88",
    description="Writes the mean of the first and the last number at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)
