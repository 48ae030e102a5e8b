"""Case 106: keeps the number at index 1 and writes 0 at every other position."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released

_KEPT = 1


def program() -> rasp.SOp:
    return rasp.SequenceMap(
        lambda v, i: v if i == _KEPT else 0, rasp.tokens, rasp.indices
    ).named("only_index_1")


def reference(tokens):
    return [v if i == _KEPT else 0 for i, v in enumerate(tokens)]


CASE = CaseSpec(
    case_id="106",
    description="Zeroes every position except index 1, which keeps its number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    trivial=True,
    released=Released.YES,
)
