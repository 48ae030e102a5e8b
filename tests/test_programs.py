"""Each case's RASP program computes the task its plain-Python reference describes."""

import math

import pytest
from tracr.rasp import rasp

from interpbench_harness import data
from interpbench_harness.cases import registry

SUPPORTED = [spec for spec in registry.all_cases().values() if spec.supported and spec.loader is None]  # RASP cases


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, abs_tol=1e-6)
    return a == b


@pytest.mark.parametrize("spec", SUPPORTED, ids=lambda s: f"case-{s.case_id}")
def test_program_matches_its_reference(spec):
    program = spec.build_program()
    for tokens in data.sample_sequences(spec, 60, seed=7, variable_length=True):
        expected = spec.reference(tokens)
        got = rasp.evaluate(program, tokens)
        assert len(got) == len(tokens)
        assert all(_same(g, e) for g, e in zip(got, expected)), (tokens, got, expected)
