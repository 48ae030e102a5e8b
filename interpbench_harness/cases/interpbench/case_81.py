"""Case 81: the median of the sequence, at every position (a float, the mean of the two middles).

Upstream gives this case no task description; its sort breaks ties with index / 100.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length, make_sort
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    ordered = make_sort(rasp.tokens, rasp.tokens, max_seq_len=100, min_key=1)
    n_tokens = make_length()
    lower_middle = rasp.Map(lambda n: (n - 1) // 2, n_tokens).named("lower_middle")
    upper_middle = rasp.Map(lambda n: n // 2, n_tokens).named("upper_middle")
    lower_value = rasp.Aggregate(
        rasp.Select(rasp.indices, lower_middle, rasp.Comparison.EQ).named("pick_lower"), ordered
    ).named("lower_value")
    upper_value = rasp.Aggregate(
        rasp.Select(rasp.indices, upper_middle, rasp.Comparison.EQ).named("pick_upper"), ordered
    ).named("upper_value")
    return rasp.SequenceMap(lambda a, b: (a + b) / 2, lower_value, upper_value).named("median")


def reference(tokens):
    ordered = sorted(tokens)
    n = len(ordered)
    median = (ordered[(n - 1) // 2] + ordered[n // 2]) / 2
    return [median] * n


CASE = CaseSpec(
    case_id="81",
    description="Writes the sequence's median (mean of the two middle values when even) at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
)
