"""Case 46: every number minus one (TracrBench's decrement)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda x: x - 1, rasp.tokens).named("decrement")


def reference(tokens):
    return [x - 1 for x in tokens]


CASE = CaseSpec(
    case_id="46",
    description="Subtracts one from each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    released=Released.YES,
)
