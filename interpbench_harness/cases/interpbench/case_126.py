"""Case 126: the median of all tokens, as a float, at every position.

Sorting breaks ties by index through float keys token + 0.0001 * index.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import make_length
from interpbench_harness.cases.spec import CaseSpec, Released


def _sorted_tokens() -> rasp.SOp:
    keyed = rasp.SequenceMap(lambda t, i: t + 0.0001 * i, rasp.tokens, rasp.indices).named(
        "tie_broken_key"
    )
    below = rasp.Select(keyed, keyed, rasp.Comparison.LT).named("ranked_below")
    rank = rasp.SelectorWidth(below).named("rank")
    into_place = rasp.Select(rank, rasp.indices, rasp.Comparison.EQ).named("into_place")
    return rasp.Aggregate(into_place, rasp.tokens).named("ascending")


def program() -> rasp.SOp:
    ascending = _sorted_tokens()
    n_tokens = make_length()
    lower_mid = rasp.Map(lambda n: (n - 1) // 2, n_tokens).named("lower_mid")
    upper_mid = rasp.Map(lambda n: n // 2, n_tokens).named("upper_mid")
    at_lower = rasp.Select(rasp.indices, lower_mid, rasp.Comparison.EQ).named("at_lower_mid")
    at_upper = rasp.Select(rasp.indices, upper_mid, rasp.Comparison.EQ).named("at_upper_mid")
    lower = rasp.Aggregate(at_lower, ascending).named("lower_middle")
    upper = rasp.Aggregate(at_upper, ascending).named("upper_middle")
    return rasp.SequenceMap(lambda a, b: (a + b) / 2, lower, upper).named("median")


def reference(tokens):
    ordered = sorted(tokens)
    n = len(ordered)
    return [(ordered[(n - 1) // 2] + ordered[n // 2]) / 2] * n


CASE = CaseSpec(
    case_id="126",
    description="Writes the median of the numbers at every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
)
