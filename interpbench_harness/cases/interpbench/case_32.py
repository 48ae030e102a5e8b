"""Case 32: whether each token differs from the token just before it.

The first position has no predecessor, so the program yields None there.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.rasp_blocks import shift_by
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    before = shift_by(1, rasp.tokens)
    return rasp.SequenceMap(lambda here, prev: here != prev, rasp.tokens, before).named(
        "differs_from_previous"
    )


def reference(tokens):
    return [None if i == 0 else tokens[i] != tokens[i - 1] for i in range(len(tokens))]


CASE = CaseSpec(
    case_id="32",
    description="True where a token differs from its left neighbour (a change of token).",
    build_program=program,
    reference=reference,
    vocab=vocabularies.random_words(min_chars=4, max_words=10),
    causal=True,
    released=Released.UNCONFIRMED,
    upstream_quirk="Outputs None at the first position, which has no previous token.",
)
