"""Benchmarks of the case layer on the CI subset: tracr compile, conversion, cached load.

    .venv/bin/python -m pytest benchmarks --benchmark-json=benchmark-cases.json

JAX is warmed up once before timing, so "compile" is tracr's stages for one program, not the
first-use cost of JAX. "cached load" is what every later run pays per case.
"""

import pytest

from interpbench_harness.cases import registry
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.hooked_model import build_model
from interpbench_harness.tracr_bridge.compile import compile_case
from interpbench_harness.tracr_bridge.convert import model_config, model_weights


@pytest.fixture(scope="module", autouse=True)
def warm_jax():
    compile_case(registry.get_case("8"))


@pytest.mark.parametrize("case_id", registry.CI_SUBSET)
def test_tracr_compile(benchmark, case_id):
    spec = registry.get_case(case_id)
    benchmark.group = "compile"
    benchmark.pedantic(compile_case, args=(spec,), rounds=3, warmup_rounds=1)


@pytest.mark.parametrize("case_id", registry.CI_SUBSET)
def test_conversion(benchmark, case_id):
    compilation = compile_case(registry.get_case(case_id))

    def convert():
        return build_model(model_config(compilation), model_weights(compilation))

    benchmark.group = "convert"
    benchmark.pedantic(convert, rounds=5, warmup_rounds=1)


@pytest.mark.parametrize("case_id", registry.CI_SUBSET)
def test_cached_load(benchmark, case_id, tmp_path, monkeypatch):
    monkeypatch.setenv("INTERPBENCH_CACHE_DIR", str(tmp_path))
    spec = registry.get_case(case_id)
    load_compiled_case(spec)  # fills the cache

    def load_and_build():
        return load_compiled_case(spec).model()

    benchmark.group = "cached load"
    benchmark.pedantic(load_and_build, rounds=10, warmup_rounds=1)
