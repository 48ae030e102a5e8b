"""Case 112: the next token minus the current one (0 at the last position).

The last position reads itself instead of a missing neighbour, so its difference is always 0.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def _next_token() -> rasp.SOp:
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("every_pair")
    n_tokens = rasp.SelectorWidth(everyone).named("n_tokens")
    # the last position asks for its own predecessor's successor, i.e. itself
    anchor = rasp.SequenceMap(
        lambda i, n: i if i < n - 1 else i - 1, rasp.indices, n_tokens
    ).named("anchor")
    successor = rasp.Select(rasp.indices, anchor, lambda key, query: key - 1 == query).named(
        "successor"
    )
    return rasp.Aggregate(successor, rasp.tokens).named("next_token")


def program() -> rasp.SOp:
    following = _next_token()
    return rasp.SequenceMap(lambda b, a: b - a, following, rasp.tokens).named("step_to_next")


def reference(tokens):
    return [tokens[i + 1] - tokens[i] for i in range(len(tokens) - 1)] + [0]


CASE = CaseSpec(
    case_id="112",
    description="Subtracts each number from the number after it; the last position gets 0.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=False,
    released=Released.NO,
    upstream_quirk="The last position has no next element and is compared with itself, giving 0.",
)
