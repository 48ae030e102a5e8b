"""Case 24: every token copied to its own position by one attention head.

Its task name says it marks first occurrences, but the head attends from each position to the
same position, so the output is the input.
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    same_position = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.EQ).named(
        "same_position"
    )
    return rasp.Aggregate(same_position, rasp.tokens, default=None).named("copied_token")


def reference(tokens):
    return list(tokens)


CASE = CaseSpec(
    case_id="24",
    description="Copies each token through an attention head that looks at its own position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(3),
    causal=True,
    released=Released.YES,
    upstream_quirk=(
        "Said to identify first occurrences, but it returns the input tokens unchanged."
    ),
)
