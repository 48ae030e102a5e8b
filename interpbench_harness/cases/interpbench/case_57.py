"""Case 57: the input's second token written at every position.

On a one-token input nothing is selected and every position is None (inputs have at least
three tokens, so this never happens in sampled data).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    one = rasp.Map(lambda _pos: 1, rasp.indices).named("constant_one")
    at_position_one = rasp.Select(rasp.indices, one, rasp.Comparison.EQ).named("pick_position_1")
    return rasp.Aggregate(at_position_one, rasp.tokens).named("second_token")


def reference(tokens):
    second = tokens[1] if len(tokens) > 1 else None
    return [second for _ in tokens]


CASE = CaseSpec(
    case_id="57",
    description="Copies the second token of the input to every position.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.letters(10),
    causal=False,
)
