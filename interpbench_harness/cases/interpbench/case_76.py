"""Case 76: numbers at even (0-based) positions become 0, odd positions keep theirs.

The identity Map on the indices and the parity Map are folded by tracr into one Map (one MLP).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    position = rasp.Map(lambda i: i, rasp.indices).named("position")
    odd_flag = rasp.Map(lambda i: 0 if i % 2 == 0 else -1, position).named("odd_flag")
    return rasp.SequenceMap(
        lambda value, flag: value if flag == -1 else 0, rasp.tokens, odd_flag
    ).named("zero_even_positions")


def reference(tokens):
    return [value if i % 2 == 1 else 0 for i, value in enumerate(tokens)]


CASE = CaseSpec(
    case_id="76",
    description="Replaces the numbers at even positions with 0 and keeps those at odd positions.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
