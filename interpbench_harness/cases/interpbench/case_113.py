"""Case 113: the sequence reversed when it is non-decreasing, otherwise unchanged.

Positions are remapped with float arithmetic around the middle index (n - 1) / 2.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    before = rasp.Select(
        rasp.indices, rasp.indices, lambda key, query: key == query - 1 or (key == 0 and query == 0)
    ).named("previous_or_first")
    previous = rasp.Aggregate(before, rasp.tokens).named("previous_token")
    in_order = rasp.SequenceMap(lambda p, t: 1 if p <= t else 0, previous, rasp.tokens).named(
        "in_order"
    )
    zeros = rasp.Map(lambda _: 0, rasp.indices).named("zeros")
    descents = rasp.Select(in_order, zeros, rasp.Comparison.EQ).named("descents")
    direction = rasp.Map(lambda count: 1 if count > 0 else -1, rasp.SelectorWidth(descents)).named(
        "direction"
    )
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("every_pair")
    centre = rasp.Map(lambda n: n / 2 - 0.5, rasp.SelectorWidth(everyone)).named("centre")
    offset = rasp.SequenceMap(lambda i, c: i - c, rasp.indices, centre).named("offset")
    signed_offset = rasp.SequenceMap(lambda d, o: d * o, direction, offset).named("signed_offset")
    target = rasp.SequenceMap(lambda c, s: c + s, centre, signed_offset).named("target")
    placement = rasp.Select(target, rasp.indices, rasp.Comparison.EQ).named("placement")
    return rasp.Aggregate(placement, rasp.tokens).named("maybe_reversed")


def reference(tokens):
    tokens = list(tokens)
    ascending = all(a <= b for a, b in zip(tokens, tokens[1:]))
    return tokens[::-1] if ascending else tokens


CASE = CaseSpec(
    case_id="113",
    description="Reverses the sequence if it never decreases, otherwise returns it as it is.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 30),
    causal=False,
    released=Released.YES,
)
