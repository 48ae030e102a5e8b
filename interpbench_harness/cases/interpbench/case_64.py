"""Case 64: the cube of each number."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def program() -> rasp.SOp:
    return rasp.Map(lambda n: n ** 3, rasp.tokens).named("cube")


def reference(tokens):
    return [n * n * n for n in tokens]


CASE = CaseSpec(
    case_id="64",
    description="Cubes each number.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
