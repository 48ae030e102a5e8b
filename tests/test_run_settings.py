"""The run's settings: parsed once at start-up into a frozen object in config.stash, every
value checked with a usage error that names it and what is valid."""

import dataclasses

import pytest

from interpbench_harness.methods.registry import load_methods
from interpbench_harness.plugin import settings as run_settings

pytest_plugins = ["pytester"]


@pytest.fixture(scope="module", autouse=True)
def builtins_loaded():
    """Built-ins, the case modules and tracr imported before pytester's sys.modules snapshot: a
    module imported inside an in-process run is dropped after it, and a second import would
    register methods twice or give tracr two copies of its RASP classes."""
    from interpbench_harness.cases.registry import get_case
    from interpbench_harness.compiled_cases import load_compiled_case

    load_methods()
    load_compiled_case(get_case("3"))


def _start(project, *args):
    return project.runpytest_inprocess("suites/test_discovery.py", "--model-source=tracr", "--samples=20", *args)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--method=ground_truth", "--model-source=hub"], "unknown --model-source 'hub'; available: siit, tracr*"),
        (["--method=ground_truth", "--cases=nope"], "--cases: *nope*"),
        (["--method=ground_truth", "--shard=3/2"], "*shard*"),
        (["--method=ground_truth", "--fail-on-regression=0.1"], "--fail-on-regression needs --baseline*"),
        (["--method=ground_truth", "--baseline=no-such-run"], "--baseline: *no-such-run*"),
        (["--method=ground_truth", "--method-option=eap.steps=3"], "*names 'eap', which is not in --method"),
        (["--method-option=eap.steps=3"], "*names 'eap', which is not in --method"),
        (["--method=eap_ig", "--method-option=eap_ig.step=20"], "--method-option: *eap_ig*'step'*steps*"),
        (["--method=eap_ig", "--method-option=eap_ig.steps=many"], "--method-option: *eap_ig*steps*int*"),
        (["--method=eap", "--method-option=eap.steps=3"], "--method-option: *eap*"),
        (["--method=ground_truth", "--method-option=ground_truth"], "--method-option takes METHOD.KEY=VALUE*"),
    ],
)
def test_a_bad_value_stops_the_run_before_any_case_and_names_it(project, args, message):
    result = _start(project, "--cases=3", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{message}*"])
    assert "passed" not in result.stdout.str()


@pytest.mark.parametrize(
    "args",
    [["--cases=nope"], ["--cases=3", "--sweep=x"], ["--cases=3", "--shard=3/2"], ["--cases=3", "--samples=0"],
     ["--cases=3", "--baseline=no-such-run"], ["--cases=3", "--fail-on-regression=0.1"]],
)
def test_every_other_option_is_checked_before_the_methods_load(project, monkeypatch, args):
    # Loading the methods imports torch and transformer-lens (seconds): a typo elsewhere fails first.
    def too_early(*unused):
        raise AssertionError("the methods were loaded before the other options were checked")

    monkeypatch.setattr(run_settings, "_methods", too_early)
    result = _start(project, "--method=ground_truth", *args)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "too_early" not in result.stdout.str() + result.stderr.str()


def test_settings_are_parsed_once_frozen_with_options_as_applied(project):
    seen = []

    class Spy:
        @pytest.hookimpl(trylast=True)
        def pytest_configure(self, config):
            seen.append(run_settings.of(config))

    result = project.runpytest_inprocess(
        "suites/test_discovery.py", "--method=eap_ig,ground_truth", "--cases=3", "--method-option=eap_ig.steps=3",
        "--sweep=0,1", "--collect-only", plugins=[Spy()],
    )
    assert result.ret == pytest.ExitCode.OK
    (settings,) = seen
    assert settings.methods == ("eap_ig", "ground_truth")
    assert settings.sweep == (0.0, 1.0)
    assert settings.method_options["eap_ig"]["steps"] == 3
    assert "ground_truth" in settings.method_options  # every selected method, defaults included
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.samples = 5


def test_the_baseline_file_is_read_once(project, monkeypatch, tmp_path):
    from interpbench_harness.plugin import settings as module

    first = _start(project, "--method=ground_truth", "--cases=3", f"--report-json={tmp_path / 'base.json'}")
    assert first.ret == pytest.ExitCode.OK
    reads = []
    real = module._read_baseline
    monkeypatch.setattr(module, "_read_baseline", lambda reference: reads.append(reference) or real(reference))
    second = _start(project, "--method=ground_truth", "--cases=3", f"--baseline={tmp_path / 'base.json'}",
                    "--fail-on-regression=0.05")
    assert second.ret == pytest.ExitCode.OK
    second.stdout.fnmatch_lines(["*no regression against baseline*"])
    assert len(reads) == 1


def test_a_discovery_run_keeps_freed_heap_memory_for_reuse(project, monkeypatch):
    import interpbench_harness.cost as cost

    calls = []
    monkeypatch.setattr(cost, "keep_freed_heap", lambda: calls.append(True) or True)
    assert _start(project, "--cases=3", "--collect-only").ret == pytest.ExitCode.OK
    assert calls == []  # no method: a plain collection changes nothing process-wide
    assert _start(project, "--cases=3", "--method=ground_truth", "--collect-only").ret == pytest.ExitCode.OK
    assert calls == [True]
