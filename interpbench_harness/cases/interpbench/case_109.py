"""Case 109: 1 at every position if the last two numbers are equal, else 0.

A one-token input has no second-to-last number and gives None.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    everyone = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.TRUE).named("everyone")
    n = rasp.SelectorWidth(everyone).named("n_tokens")
    last_index = rasp.Map(lambda length: length - 1, n).named("last_index")
    penultimate_index = rasp.Map(lambda length: length - 2, n).named("penultimate_index")
    last = rasp.Aggregate(
        rasp.Select(rasp.indices, last_index, rasp.Comparison.EQ).named("at_last"), rasp.tokens
    ).named("last_token")
    penultimate = rasp.Aggregate(
        rasp.Select(rasp.indices, penultimate_index, rasp.Comparison.EQ).named("at_penultimate"),
        rasp.tokens,
    ).named("penultimate_token")
    return rasp.SequenceMap(
        lambda a, b: 1 if a == b else 0, last, penultimate
    ).named("last_two_equal")


def reference(tokens):
    if len(tokens) < 2:
        return [None] * len(tokens)
    return [1 if tokens[-1] == tokens[-2] else 0] * len(tokens)


CASE = CaseSpec(
    case_id="109",
    description="Marks every position with 1 if the final two numbers are equal, else 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    sampler=samplers.last_two_equal_or_not_inputs,
)
