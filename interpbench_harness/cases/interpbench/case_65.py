"""Case 65: real cube root of each number, as an unrounded float (0 gives 0.0)."""

from tracr.rasp import rasp

from interpbench_harness.cases import vocabularies
from interpbench_harness.cases.spec import CaseSpec


def _real_cube_root(n):
    return n ** (1 / 3) if n >= 0 else -((-n) ** (1 / 3))


def program() -> rasp.SOp:
    return rasp.Map(_real_cube_root, rasp.tokens).named("cube_root")


def reference(tokens):
    out = []
    for n in tokens:
        magnitude = abs(n) ** (1 / 3)
        out.append(magnitude if n >= 0 else -magnitude)
    return out


CASE = CaseSpec(
    case_id="65",
    description="Replaces each number by its real cube root, as a float class.",
    build_program=program,
    reference=reference,
    vocab=vocabularies.integers(0, 11),
    causal=True,
)
