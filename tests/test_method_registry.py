import sys
from importlib import metadata

import pytest

from interpbench_harness.methods import registry


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
