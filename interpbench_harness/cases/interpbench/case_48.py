"""Case 48: each number plus its own (0-based) position."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.SequenceMap(lambda value, pos: value + pos, rasp.tokens, rasp.indices).named(
        "plus_position"
    )


def reference(tokens):
    return [value + pos for pos, value in enumerate(tokens)]


CASE = CaseSpec(
    case_id="48",
    description="Adds each number's 0-based position to it.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
