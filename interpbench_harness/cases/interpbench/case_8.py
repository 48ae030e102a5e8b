"""Case 8: every integer passed through unchanged."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec, Released


def program() -> rasp.SOp:
    return rasp.Map(lambda value: value, rasp.tokens).named("copy")


def reference(tokens):
    return list(tokens)


CASE = CaseSpec(
    case_id="8",
    description="Copies each integer to the output as it is.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
    trivial=True,
    released=Released.YES,
)
