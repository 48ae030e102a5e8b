"""Case 53: adds one to the numbers at odd (0-based) positions, even positions unchanged."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    parity = rasp.Map(lambda pos: pos % 2, rasp.indices).named("position_parity")
    return rasp.SequenceMap(lambda value, odd: value + odd, rasp.tokens, parity).named(
        "bump_odd_positions"
    )


def reference(tokens):
    return [value + 1 if pos % 2 == 1 else value for pos, value in enumerate(tokens)]


CASE = CaseSpec(
    case_id="53",
    description="Adds one to the numbers at odd 0-based positions and keeps the rest.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
