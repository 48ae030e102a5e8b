"""Case 125: 1 at every position when neighbouring tokens always differ in parity, else 0.

Either parity may come first; position 0 checks itself against position 1.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import samplers, vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    neighbour = rasp.Select(
        rasp.indices, rasp.indices, lambda key, query: query == key + 1 or key == 1 and query == 0
    ).named("previous_or_second")
    neighbour_token = rasp.Aggregate(neighbour, rasp.tokens).named("neighbour_token")
    neighbour_even = rasp.Map(lambda x: 1 if x % 2 == 0 else 0, neighbour_token).named(
        "neighbour_even"
    )
    own_odd = rasp.Map(lambda x: 1 if x % 2 == 1 else 0, rasp.tokens).named("own_odd")
    alternates = rasp.SequenceMap(lambda a, b: 1 if a == b else 0, neighbour_even, own_odd).named(
        "alternates"
    )
    zeros = rasp.Map(lambda _: 0, rasp.indices).named("zeros")
    breaks = rasp.Select(alternates, zeros, rasp.Comparison.EQ).named("breaks")
    n_breaks = rasp.SelectorWidth(breaks).named("n_breaks")
    return rasp.Map(lambda c: 0 if c > 0 else 1, n_breaks).named("parity_alternates")


def reference(tokens):
    ok = all(a % 2 != b % 2 for a, b in zip(tokens, tokens[1:]))
    return [1 if ok else 0] * len(tokens)


CASE = CaseSpec(
    case_id="125",
    description="Writes 1 everywhere if odd and even numbers take turns, else 0 everywhere.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    sampler=samplers.half_alternating_parity_inputs,
)
