"""Case 87: 1 where the number is at least the threshold 3, else 0.

The comparison Map and the bool-to-int Map are folded by tracr into one Map (one MLP).
"""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec

_THRESHOLD = 3


def program() -> rasp.SOp:
    reaches = rasp.Map(lambda value: value >= _THRESHOLD, rasp.tokens).named("reaches_threshold")
    return rasp.Map(lambda flag: 1 if flag else 0, reaches).named("binarized")


def reference(tokens):
    return [1 if value >= _THRESHOLD else 0 for value in tokens]


CASE = CaseSpec(
    case_id="87",
    description="Turns each number into 1 if it is at least 3 and into 0 otherwise.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
