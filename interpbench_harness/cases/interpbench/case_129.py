"""Case 129: 1 at every position when every token is even, else 0."""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_N = 2


def program() -> rasp.SOp:
    is_multiple = rasp.Map(lambda x: 1 if x % _N == 0 else 0, rasp.tokens).named("is_even")
    zeros = rasp.Map(lambda _: 0, rasp.indices).named("zeros")
    odd_ones = rasp.Select(is_multiple, zeros, rasp.Comparison.EQ).named("odd_ones")
    n_odd = rasp.SelectorWidth(odd_ones).named("n_odd")
    return rasp.Map(lambda c: 0 if c > 0 else 1, n_odd).named("all_even")


def reference(tokens):
    return [1 if all(t % _N == 0 for t in tokens) else 0] * len(tokens)


CASE = CaseSpec(
    case_id="129",
    description="Writes 1 everywhere if every number is a multiple of 2, else 0 everywhere.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 30),
    causal=False,
    released=Released.YES,
    sampler=samplers.all_even_or_one_odd_inputs,
)
