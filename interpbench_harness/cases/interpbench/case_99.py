"""Case 99: each number plus the number after it; the last number, having none, is doubled.

Surprising: the last position reads itself instead of a missing neighbour, so it gets 2 * token.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("everyone")
    n = rasp.SelectorWidth(everyone).named("n_tokens")
    # One less than the index to read: i for all but the last position, which points at itself.
    before_source = rasp.SequenceMap(
        lambda i, length: i if i < length - 1 else i - 1, rasp.indices, n
    ).named("index_before_source")
    pick = rasp.Select(
        rasp.indices, before_source, lambda key, query: key - 1 == query
    ).named("from_next")
    following = rasp.Aggregate(pick, rasp.tokens).named("next_token")
    return rasp.SequenceMap(
        lambda v, nxt: v + nxt if nxt != 0 else v, rasp.tokens, following
    ).named("sum_with_next")


def reference(tokens):
    n = len(tokens)
    return [v + (tokens[i + 1] if i + 1 < n else v) for i, v in enumerate(tokens)]


CASE = CaseSpec(
    case_id="99",
    description="Adds to each number the number that follows it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.UNCONFIRMED,
    upstream_quirk="The last position has no next number and is added to itself, giving twice its value.",
)
