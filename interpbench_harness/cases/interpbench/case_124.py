"""Case 124: 1 at every position when all tokens are equal, else 0.

Each position counts the tokens unlike its own; the answer counts positions with none.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    differs = rasp.Select(rasp.tokens, rasp.tokens, lambda key, query: key != query).named("differs")
    n_unlike = rasp.SelectorWidth(differs).named("n_unlike")
    zeros = rasp.Map(lambda _: 0, rasp.indices).named("zeros")
    matches_all = rasp.Select(n_unlike, zeros, rasp.Comparison.EQ).named("matches_all")
    n_matching_all = rasp.SelectorWidth(matches_all).named("n_matching_all")
    return rasp.Map(lambda c: 1 if c > 0 else 0, n_matching_all).named("all_equal")


def reference(tokens):
    return [1 if all(t == tokens[0] for t in tokens) else 0] * len(tokens)


CASE = CaseSpec(
    case_id="124",
    description="Writes 1 everywhere if every number is the same, else 0 everywhere.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.YES,
    sampler=samplers.constant_or_varied_inputs,
)
