import sys
from importlib import metadata

import pytest

from interpbench_harness.methods import registry

pytest_plugins = ["pytester"]


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    """An importable module plus entry points naming it, as an installed package would have."""
    (tmp_path / "thirdparty_methods.py").write_text(
        "from interpbench_harness.methods import EdgeScores\n"
        "def constant(case, settings):\n"
        "    return EdgeScores({e.name: 1.0 for e in case.universe.edges})\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    entries = [
        metadata.EntryPoint("thirdparty_constant", "thirdparty_methods:constant", registry.ENTRY_POINT_GROUP),
        metadata.EntryPoint("thirdparty_broken", "no_such_package_xyz:method", registry.ENTRY_POINT_GROUP),
    ]
    real = metadata.entry_points
    monkeypatch.setattr(registry, "_loaded_sources", set())
    monkeypatch.setattr(registry, "_load_errors", [])
    monkeypatch.setattr(
        registry.metadata,
        "entry_points",
        lambda group=None: entries if group == registry.ENTRY_POINT_GROUP else real(group=group),
    )
    yield
    sys.modules.pop("thirdparty_methods", None)
    registry._methods.pop("thirdparty_constant", None)


def test_entry_point_methods_are_found_and_broken_ones_reported(fake_package):
    methods = registry.load_methods()
    assert methods["thirdparty_constant"].__module__ == "thirdparty_methods"
    assert {"random", "ground_truth", "eap", "eap_ig", "activation_patching"} <= set(methods)
    assert any("thirdparty_broken" in error and "no_such_package_xyz" in error for error in registry.load_errors())


def test_two_methods_cannot_share_a_name():
    with pytest.raises(ValueError, match="two methods are registered as 'random'"):
        registry.register("random")(lambda case, settings: None)


def test_loading_twice_loads_each_plugin_file_once(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "_loaded_sources", set())
    monkeypatch.setattr(registry, "_load_errors", [])
    (tmp_path / "once.py").write_text(
        "from interpbench_harness.methods import register\n"
        "@register('loaded_once')\n"
        "def loaded_once(case, settings):\n"
        "    return None\n"
    )
    first = registry.load_methods(tmp_path)["loaded_once"]
    assert registry.load_methods(tmp_path)["loaded_once"] is first
    assert registry.load_errors() == []
    registry._methods.pop("loaded_once")


@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    """An empty plugin folder and a registry that has loaded no plugin yet."""
    monkeypatch.setattr(registry, "_loaded_sources", {registry.ENTRY_POINT_GROUP})  # no installed packages
    monkeypatch.setattr(registry, "_load_errors", [])
    before = dict(registry._methods)
    yield tmp_path
    registry._methods.clear()
    registry._methods.update(before)


def _plugin(folder, file_name, *names, before=""):
    (folder / file_name).write_text(
        "from interpbench_harness.methods import register\n" + before + "".join(
            f"@register({name!r})\ndef method_{i}(case, settings):\n    return None\n" for i, name in enumerate(names)
        )
    )
    return folder / file_name


def test_a_plugin_cannot_take_a_built_in_name_and_keeps_its_other_methods(plugin_dir):
    builtin = registry.load_methods()["eap"]
    path = _plugin(plugin_dir, "mine.py", "eap", "my_other_method")
    methods = registry.load_methods(plugin_dir)
    assert methods["eap"] is builtin and "my_other_method" in methods
    (error,) = registry.load_errors()
    assert error.startswith(str(path)) and "'eap'" in error and "built-in" in error
    assert "interpbench_harness.methods.attribution" in error


def test_two_plugin_files_cannot_share_a_name(plugin_dir):
    first = _plugin(plugin_dir, "a_first.py", "shared_name")
    second = _plugin(plugin_dir, "b_second.py", "shared_name", "second_only")
    methods = registry.load_methods(plugin_dir)
    assert methods["shared_name"].__module__.endswith("a_first") and "second_only" in methods
    (error,) = registry.load_errors()
    assert str(first) in error and str(second) in error and "'shared_name'" in error


@pytest.mark.parametrize("raised", ["SystemExit(3)", "GeneratorExit()"])
def test_a_plugin_exiting_at_import_is_that_files_load_error(plugin_dir, raised):
    exiting = _plugin(plugin_dir, "exits.py", before=f"raise {raised}\n")
    _plugin(plugin_dir, "fine.py", "fine_method")
    methods = registry.load_methods(plugin_dir)
    assert "fine_method" in methods
    (error,) = registry.load_errors()
    assert error.startswith(str(exiting)) and raised.split("(")[0] in error


def test_numpy_and_zero_dim_tensor_scores_are_numbers_but_nan_is_not():
    import math

    import numpy as np
    import torch

    from interpbench_harness import graph
    from interpbench_harness.evaluation import MethodResultError, evaluate
    from interpbench_harness.methods import EdgeScores

    universe = graph.universe(1, 1)
    edges = sorted(e.name for e in universe.edges)
    truth = graph.Circuit.from_edges([universe.sorted_edges()[0]])
    kinds = [np.float32, np.float64, np.int64, lambda v: torch.tensor(v), lambda v: torch.tensor(v, dtype=torch.float16)]
    scores = {name: kinds[i % len(kinds)](float(i)) for i, name in enumerate(edges)}
    metrics = evaluate(EdgeScores(scores), universe, truth)
    plain = evaluate(EdgeScores({name: float(i) for i, name in enumerate(edges)}), universe, truth)
    assert metrics == plain
    for bad in (np.float32("nan"), torch.tensor(math.inf), torch.tensor([1.0]), np.array([1.0, 2.0]), "1.0"):
        with pytest.raises(MethodResultError, match="not finite numbers"):
            evaluate(EdgeScores({**scores, edges[0]: bad}), universe, truth)


@pytest.mark.subprocess
def test_a_run_asking_for_a_method_two_sources_claim_stops_naming_both(pytester):
    """A plugin that also defines `eap`: `--method=eap` is a usage error, not a silent choice."""
    pytester.makeconftest('pytest_plugins = ["interpbench_harness.plugin"]')
    plugins = pytester.mkdir("method_plugins")
    (plugins / "mine.py").write_text(
        "from interpbench_harness.methods.registry import register\n"
        "@register('eap')\n"
        "def my_eap(case, settings):\n"
        "    raise AssertionError('must not run')\n"
    )
    pytester.makepyfile(test_nothing="def test_nothing():\n    pass\n")
    result = pytester.runpytest_subprocess("--method=eap", "--cases=8", "--model-source=tracr")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*taken twice*", "*mine.py*built-in*"])
