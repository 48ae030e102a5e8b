"""Case 60: every number plus one."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda n: n + 1, rasp.tokens).named("plus_one")


def reference(tokens):
    return [n + 1 for n in tokens]


CASE = CaseSpec(
    case_id="60",
    description="Adds one to each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
