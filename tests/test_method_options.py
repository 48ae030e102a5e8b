"""Method options: declared per method, checked once by resolve_options, read by each method;
`interpbench methods` lists every method with its declaration and origin."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from interpbench_harness import graph
from interpbench_harness.methods import registry
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import resolve_options

REPO = Path(__file__).resolve().parents[1]

PLUGIN = '''
import dataclasses
from typing import Literal

from interpbench_harness.methods import EdgeScores, register


@dataclasses.dataclass(frozen=True)
class ScaleOptions:
    scale: float = 1.0
    repeats: int = 3
    mode: Literal["plain", "squared"] = "plain"
    verbose: bool = False
    label: str = "x"

    def __post_init__(self):
        if self.repeats < 1:
            raise ValueError(f"repeats must be at least 1, got {self.repeats}")


@register("scaled_plugin", options=ScaleOptions, returns=EdgeScores, signed=True)
def scaled(case, settings):
    """Every edge scores the option `scale`."""
    options = ScaleOptions(**settings.options)
    return EdgeScores({e.name: options.scale for e in case.universe.edges}, signed=True)


@register("bare_plugin")
def bare(case, settings):
    return EdgeScores({e.name: 0.0 for e in case.universe.edges})
'''


@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    """An empty plugin folder and a registry that has loaded no plugin yet (restored after)."""
    monkeypatch.setattr(registry, "_loaded_sources", {registry.ENTRY_POINT_GROUP})  # no installed packages
    monkeypatch.setattr(registry, "_load_errors", [])
    registry.load_methods()
    before, before_info = dict(registry._methods), dict(registry._info)
    yield tmp_path
    registry._methods.clear()
    registry._methods.update(before)
    registry._info.clear()
    registry._info.update(before_info)


# --- resolve_options on a built-in ------------------------------------------------------------

def test_an_unknown_built_in_option_names_the_method_the_key_and_the_valid_options():
    with pytest.raises(ValueError) as error:
        resolve_options("eap_ig", {"step": 20})
    message = str(error.value)
    assert message.startswith("eap_ig has no option 'step'")
    assert "its options: steps (int, default 10)" in message and "did you mean 'steps'" in message


@pytest.mark.parametrize("value, expected", [("ten", "must be an int; got 'ten' (str)"),
                                             (True, "must be an int; got True (bool)"),
                                             (2.5, "must be an int; got 2.5 (float)"),
                                             (0, "positive integer")])
def test_a_bad_built_in_value_is_refused_naming_the_expected_type(value, expected):
    with pytest.raises(ValueError) as error:
        resolve_options("eap_ig", {"steps": value})
    assert str(error.value).startswith("eap_ig option") and expected in str(error.value)
    assert "steps (int, default 10)" in str(error.value)


def test_the_applied_options_include_the_defaults_and_are_plain_json():
    assert resolve_options("eap_ig", {}) == {"steps": 10}
    assert resolve_options("eap_ig", {"steps": 20}) == {"steps": 20}
    applied = resolve_options("sp", {"lr": 1, "faithfulness": "metric"})
    assert applied == {"epochs": 500, "lr": 1.0, "batch": 50, "patience": 50, "init": 2.0, "faithfulness": "metric",
                       "path": "fast"}
    assert isinstance(applied["lr"], float)  # an int is accepted for a float option, applied as a float
    assert resolve_options("acdc", {}) == {"path": "fast"}
    assert json.loads(json.dumps(applied)) == applied


@pytest.mark.parametrize("name, given, expected", [
    ("acdc", {"path": "quick"}, "acdc option path must be one of 'fast', 'reference'; got 'quick'"),
    ("sp", {"lr": "fast"}, "must be a number (float)"),
    ("sp", {"lr": float("nan")}, "must be a finite number"),
    ("sp", {"lr": 0}, "lr must be positive"),
    ("edge_sp", {"epoch": 3}, "edge_sp has no option 'epoch' (did you mean 'epochs'?)"),
    ("edge_sp", {"faithfulness": "kl"}, "one of 'l2', 'metric'"),
])
def test_other_built_ins_check_their_options(name, given, expected):
    with pytest.raises(ValueError, match="its options: ") as error:
        resolve_options(name, given)
    assert expected in str(error.value)


@pytest.mark.parametrize("name", ["eap", "random", "ground_truth", "activation_patching"])
def test_a_method_without_declared_options_refuses_any_key(name):
    assert resolve_options(name, {}) == {}
    with pytest.raises(ValueError, match=f"^{name} has no option 'steps'; it takes no options$"):
        resolve_options(name, {"steps": 2})


def test_an_unknown_method_is_a_value_error():
    with pytest.raises(ValueError, match="unknown method 'no_such_method'; available: .*eap_ig"):
        resolve_options("no_such_method", {})


def test_built_ins_declare_what_they_return():
    declared = {name: (info.returns, info.signed) for name, info in registry.method_infos().items()
                if info.kind == "built-in"}
    assert declared == {
        "eap": ("edge_scores", True), "eap_ig": ("edge_scores", True), "activation_patching": ("edge_scores", False),
        "random": ("edge_scores", False), "ground_truth": ("edge_scores", False),
        "acdc": ("sweep", False), "sp": ("sweep", False), "edge_sp": ("sweep", False),
    }


# --- plugins and other callables --------------------------------------------------------------

def test_a_plugin_file_declares_options_that_are_checked_and_applied(plugin_dir):
    (plugin_dir / "scaled.py").write_text(PLUGIN)
    methods = registry.load_methods(plugin_dir)
    assert registry.load_errors() == []
    info = registry.method_info("scaled_plugin")
    assert (info.returns, info.signed, info.kind, info.location) == ("edge_scores", True, "plugin file",
                                                                    str(plugin_dir / "scaled.py"))
    applied = resolve_options("scaled_plugin", {"scale": 2, "mode": "squared"})
    assert applied == {"scale": 2.0, "repeats": 3, "mode": "squared", "verbose": False, "label": "x"}
    case = SimpleNamespace(universe=graph.universe(1, 1))
    scores = methods["scaled_plugin"](case, MethodSettings(options=applied)).scores
    assert set(scores.values()) == {2.0}
    assert set(methods["scaled_plugin"](case, MethodSettings()).scores.values()) == {1.0}  # the defaults apply

    for given, expected in [({"scales": 2}, "scaled_plugin has no option 'scales' (did you mean 'scale'?)"),
                            ({"repeats": "3"}, "repeats must be an int; got '3' (str)"),
                            ({"repeats": 0}, "repeats=0 refused (repeats must be at least 1, got 0)"),
                            ({"verbose": 1}, "verbose must be a bool; got 1 (int)"),
                            ({"label": 5}, "label must be a str; got 5 (int)"),
                            ({"mode": "cubed"}, "mode must be one of 'plain', 'squared'")]:
        with pytest.raises(ValueError) as error:
            resolve_options("scaled_plugin", given)
        assert expected in str(error.value)
        assert ("its options: scale (float, default 1.0), repeats (int, default 3), "
                "mode ('plain' | 'squared', default 'plain'), verbose (bool, default False), "
                "label (str, default 'x')") in str(error.value)

    bare = registry.method_info("bare_plugin")
    assert (bare.returns, bare.signed, bare.fields) == ("unknown", None, ())
    with pytest.raises(ValueError, match="bare_plugin has no option 'scale'; it takes no options"):
        resolve_options("bare_plugin", {"scale": 1})


def test_a_callable_carries_its_declaration_as_attributes(plugin_dir):
    @dataclasses.dataclass(frozen=True)
    class Options:
        steps: int = 4

    @registry.declare(options=Options, returns="node_scores", signed=False)
    def method(case, settings):
        return None

    assert method.interpbench_options is Options and method.interpbench_returns == "node_scores"
    registry.register("declared_by_attributes")(method)  # as the entry-point loader registers
    info = registry.method_info("declared_by_attributes")
    assert (info.returns, info.signed, info.kind) == ("node_scores", False, "module")
    assert resolve_options("declared_by_attributes", {}) == {"steps": 4}
    with pytest.raises(ValueError, match="declared_by_attributes has no option 'step'"):
        resolve_options("declared_by_attributes", {"step": 1})


@pytest.mark.parametrize("declaration, expected", [
    ("options=dict", "options must be a dataclass"),
    ("options=NoDefault", "option steps needs a default"),
    ("options=ListField", "option values has type"),
    ("options=BadDefault", "BadDefault() with its defaults fails: no"),
    ("returns='scores'", "returns must be EdgeScores, NodeScores or Sweep"),
    ("signed='yes'", "signed must be True or False"),
])
def test_a_bad_declaration_is_the_plugin_files_load_error(plugin_dir, declaration, expected):
    (plugin_dir / "bad.py").write_text(
        "import dataclasses\nfrom typing import List\nfrom interpbench_harness.methods import register\n"
        "@dataclasses.dataclass(frozen=True)\nclass NoDefault:\n    steps: int\n"
        "@dataclasses.dataclass(frozen=True)\nclass ListField:\n    values: List[int] = dataclasses.field(default_factory=list)\n"
        "@dataclasses.dataclass(frozen=True)\nclass BadDefault:\n    n: int = 1\n"
        "    def __post_init__(self):\n        raise ValueError('no')\n"
        f"@register('badly_declared', {declaration})\ndef method(case, settings):\n    return None\n"
    )
    (plugin_dir / "fine.py").write_text(
        "from interpbench_harness.methods import register\n"
        "@register('fine_plugin')\ndef method(case, settings):\n    return None\n"
    )
    methods = registry.load_methods(plugin_dir)
    assert "fine_plugin" in methods and "badly_declared" not in methods
    (error,) = registry.load_errors()
    assert error.startswith(str(plugin_dir / "bad.py")) and "badly_declared" in error and expected in error


# --- each built-in reads its options ----------------------------------------------------------

@pytest.fixture(scope="module")
def small_case():
    from interpbench_harness.benchmark_case import load_benchmark_case
    from interpbench_harness.cases.registry import get_case

    return lambda: load_benchmark_case(get_case("3"), "tracr", n_samples=40)


def _passes(method_name, case, given, sweep=(1.0,)):
    from interpbench_harness.cost import metered

    settings = MethodSettings(sweep=sweep, options=resolve_options(method_name, given))
    with metered(case.model) as cost:
        result = registry.load_methods()[method_name](case, settings)
    return (cost["forward_passes"], cost["backward_passes"]), result


def test_eap_ig_makes_one_forward_and_backward_per_step(small_case):
    assert _passes("eap_ig", small_case(), {"steps": 2})[0] == (3, 2)
    assert _passes("eap_ig", small_case(), {})[0] == (11, 10)  # the default, 10 steps


def test_sp_and_edge_sp_train_for_the_epochs_asked(small_case):
    for name in ("sp", "edge_sp"):
        passes = {epochs: _passes(name, small_case(), {"epochs": epochs, "patience": epochs, "batch": 10,
                                                       "path": "reference"})[0]
                  for epochs in (2, 5)}
        # Set-up runs (clean, corrupted), then one stacked forward and one backward per epoch.
        assert passes[2][1] == 2 and passes[5][1] == 5, name
        assert passes[5][0] - passes[2][0] == 3, name
        # The fast path skips an epoch's pass when every sampled mask is clamped (its gradient is 0).
        fast = _passes(name, small_case(), {"epochs": 5, "patience": 5, "batch": 10})[0]
        assert 0 < fast[1] <= 5 and fast[0] - fast[1] <= 3, name  # set-up: clean, corrupted, clean logits


def test_acdc_runs_the_path_asked(small_case):
    case = small_case()
    (fast, _), fast_result = _passes("acdc", case, {})
    (reference, _), reference_result = _passes("acdc", small_case(), {"path": "reference"})
    assert reference != fast  # the reference path: one patched run per edge
    assert reference >= len(case.universe.edges)
    assert fast_result.circuits == reference_result.circuits


def test_the_example_plugin_reads_its_option(plugin_dir):
    import shutil

    shutil.copy(REPO / "method_plugins" / "weight_norm.py", plugin_dir / "weight_norm.py")
    registry._methods.pop("weight_norm", None)
    method = registry.load_methods(plugin_dir)["weight_norm"]
    assert resolve_options("weight_norm", {}) == {"receiver": True}
    from interpbench_harness.benchmark_case import load_benchmark_case
    from interpbench_harness.cases.registry import get_case

    case = load_benchmark_case(get_case("3"), "tracr", n_samples=4)
    both = method(case, MethodSettings(options=resolve_options("weight_norm", {}))).scores
    sender_only = method(case, MethodSettings(options=resolve_options("weight_norm", {"receiver": False}))).scores
    assert both != sender_only and both == method(case, MethodSettings()).scores


# --- interpbench methods ----------------------------------------------------------------------

def test_the_methods_command_lists_built_ins_and_plugins_with_their_source(plugin_dir, capsys):
    from interpbench_harness.cli import main

    (plugin_dir / "scaled.py").write_text(PLUGIN)
    assert main(["methods", "--plugins", str(plugin_dir)]) == 0
    out = capsys.readouterr().out
    assert "eap_ig: returns edge_scores, signed; built-in interpbench_harness.methods.attribution" in out
    assert "option steps: int = 10" in out
    assert "option faithfulness: 'l2' | 'metric' = 'l2'" in out
    assert "acdc: returns sweep, unsigned" in out and "option path: 'fast' | 'reference' = 'fast'" in out
    assert f"scaled_plugin: returns edge_scores, signed; plugin file {plugin_dir / 'scaled.py'}" in out
    assert "Every edge scores the option `scale`." in out and "option mode: 'plain' | 'squared' = 'plain'" in out
    assert "bare_plugin: returns unknown, signed: unknown" in out

    (plugin_dir / "broken.py").write_text("raise ImportError('needs the frobnicate package')\n")
    assert main(["methods", "--plugins", str(plugin_dir), "--json"]) == 1  # a plugin failed to load
    listing = json.loads(capsys.readouterr().out)
    by_name = {method["name"]: method for method in listing["methods"]}
    assert by_name["eap_ig"]["options"] == [{"name": "steps", "type": "int", "default": 10,
                                             "help": by_name["eap_ig"]["options"][0]["help"]}]
    assert by_name["eap"]["options"] == [] and by_name["scaled_plugin"]["kind"] == "plugin file"
    (error,) = listing["load_errors"]
    assert error.startswith(str(plugin_dir / "broken.py")) and "frobnicate" in error


@pytest.mark.subprocess
def test_the_methods_command_finds_the_plugin_folder_under_the_current_directory():
    result = subprocess.run([sys.executable, "-m", "interpbench_harness.cli", "methods"], cwd=REPO,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert "weight_norm: returns edge_scores, unsigned; plugin file method_plugins/weight_norm.py" in result.stdout
    assert "option receiver: bool = True" in result.stdout
    assert "8 built-in, " in result.stdout
