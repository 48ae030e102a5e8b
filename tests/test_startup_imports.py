"""Start-up stays light: the pytest plugin, the case registry and a case selection import no torch,
TransformerLens or JAX (tracr's compiler). Each costs seconds to import, and they load only where
a fixture or command needs a model; `benchmarks/test_bench_startup.py` times the commands."""

import subprocess
import sys

import pytest

HEAVY = ("torch", "transformer_lens", "jax", "tracr.compiler")

LIGHT_IMPORTS = (
    "interpbench_harness.plugin",
    "interpbench_harness.plugin.hooks",
    "interpbench_harness.plugin.settings",
    "interpbench_harness.plugin.fixtures",
    "interpbench_harness.plugin.collector",
    "interpbench_harness.cases.registry",
    "interpbench_harness.cases.rasp_blocks",
    "interpbench_harness.compiled_cases",
    "interpbench_harness.store.resolution",  # the plugin reads its SOURCES when it parses options
    "interpbench_harness.store.shipped",
    "interpbench_harness.cost",
    "interpbench_harness.progress",
    "interpbench_harness.cli",
)


def _heavy_modules_after(script: str) -> list:
    code = f"import sys\n{script}\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout.strip().splitlines()[-1])


@pytest.mark.subprocess
def test_plugin_registry_and_case_selection_import_no_torch_transformer_lens_or_jax():
    script = "\n".join(f"import {name}" for name in LIGHT_IMPORTS) + (
        "\nfrom interpbench_harness.cases import registry"
        "\nfrom interpbench_harness.store.shipped import select_cases"
        "\nassert len(registry.select(['all'])) == len(registry.all_cases()) > 100"
        "\nselect_cases(['paper16'])"
    )
    assert _heavy_modules_after(script) == []


@pytest.mark.subprocess
def test_the_case_programs_build_without_the_tracr_compiler():
    """Every case's RASP program is built (tracr's library blocks included) with `tracr.rasp` alone."""
    script = (
        "from interpbench_harness.cases import registry\n"
        "for spec in registry.all_cases().values():\n"
        "    if spec.loader is None and spec.supported:\n"
        "        spec.build_program()\n"
    )
    assert _heavy_modules_after(script) == []


def test_the_library_blocks_are_tracrs_own_code():
    """rasp_blocks runs tracr's `compiler/lib.py` file itself: same source as `tracr.compiler.lib`."""
    import inspect

    from tracr.compiler import lib

    from interpbench_harness.cases import rasp_blocks

    for name in ("detect_pattern", "make_frac_prevs", "make_hist", "make_length", "make_pair_balance",
                 "make_shuffle_dyck", "make_sort", "make_sort_unique"):
        assert inspect.getsource(getattr(rasp_blocks, name)) == inspect.getsource(getattr(lib, name)), name
