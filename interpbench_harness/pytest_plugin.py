"""The pytest plugin: `pytest suites/ --method=NAME [--cases=...] [-n 2]`.

Import-light: torch and TransformerLens load only when a case is built. Each test's result
rides on its report as plain JSON (`user_properties`), so the controller, which alone writes
the table and the JSON report, gets identical numbers with or without xdist.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

RESULT_KEY = "interpbench_result"


def pytest_addoption(parser):
    group = parser.getgroup("interpbench", "interpbench-harness: circuit-discovery benchmark")
    group.addoption("--method", default="", help="method name(s) to benchmark, comma-separated (default: none)")
    group.addoption(
        "--cases",
        default="shipped",
        help="case ids or tags, comma-separated; 'shipped' is every case with an accepted shipped SIIT model "
        "(default: shipped)",
    )
    group.addoption(
        "--model-source",
        default="siit",
        help="siit: the SIIT-trained benchmark models; tracr: the exact compiled models; natural: same shape, "
        "trained on behaviour only (default: siit)",
    )
    group.addoption(
        "--train-missing",
        action="store_true",
        help="train a model the store lacks instead of failing the case (default: off)",
    )
    group.addoption("--samples", type=int, default=1000, help="clean and corrupted inputs per case (default: 1000)")
    group.addoption("--seed", type=int, default=0, help="seed handed to methods (default: 0)")
    group.addoption(
        "--sweep",
        default="",
        help="comma-separated sweep values for sweep methods (default: InterpBench's 19 values, 0 to 1000)",
    )
    group.addoption(
        "--min-auroc",
        type=float,
        default=None,
        help="fail a case whose edge AUROC is below this (default: none; AUROCs are only reported)",
    )
    group.addoption(
        "--method-timeout", type=float, default=0.0, help="fail a method that runs longer, in seconds (default: 0, no limit)"
    )
    group.addoption(
        "--conformance", action="store_true", help="run suites/test_conformance.py's checks on --method (default: off)"
    )
    group.addoption(
        "--validity", action="store_true", help="run suites/test_case_validity.py's checks of the cases (default: off)"
    )
    group.addoption("--report-json", default=None, help="write the JSON report to this path (default: none)")


def pytest_configure(config):
    if config.getoption("--method"):
        _selected_methods(config)  # fail at start-up on unknown names
        _selected_cases(config)
        _sweep_values(config)
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(ResultCollector(config), "interpbench_collector")


def _plugin_dir(config) -> Path:
    return Path(str(config.rootpath)) / "method_plugins"


def _selected_methods(config):
    from interpbench_harness.methods.registry import load_errors, load_methods

    available = load_methods(_plugin_dir(config))
    names = [n.strip() for n in config.getoption("--method").split(",") if n.strip()]
    unknown = [n for n in names if n not in available]
    if unknown:
        errors = "".join(f"\n  plugin that failed to load: {e}" for e in load_errors())
        raise pytest.UsageError(
            f"unknown method {', '.join(map(repr, unknown))}; available: {', '.join(sorted(available))}{errors}"
        )
    return names


def _selected_cases(config):
    from interpbench_harness.cases import registry
    from interpbench_harness.model_store import SOURCES, shipped_case_ids

    source = config.getoption("--model-source")
    if source not in SOURCES:
        raise pytest.UsageError(f"unknown --model-source {source!r}; available: {', '.join(SOURCES)}")
    selectors = []
    for selector in config.getoption("--cases").split(","):
        if selector.strip() == "shipped":
            shipped = shipped_case_ids("siit")
            if not shipped:
                raise pytest.UsageError(
                    "no shipped SIIT models found (interpbench_harness/trained_models); pass --cases=all "
                    "--model-source=tracr, or train models with `interpbench train`"
                )
            selectors += shipped
        else:
            selectors.append(selector)
    try:
        return registry.select(selectors)
    except KeyError as error:
        raise pytest.UsageError(error.args[0]) from None


def _sweep_values(config):
    from interpbench_harness.methods.contract import PAPER_SWEEP

    raw = config.getoption("--sweep")
    try:
        return tuple(float(v) for v in raw.split(",")) if raw else PAPER_SWEEP
    except ValueError:
        raise pytest.UsageError(f"--sweep takes comma-separated numbers, e.g. 0,0.01,0.1; got {raw!r}") from None


def pytest_generate_tests(metafunc):
    config = metafunc.config
    if "case_spec" in metafunc.fixturenames:
        specs = _selected_cases(config)
        metafunc.parametrize("case_spec", specs, ids=[f"case-{s.case_id}" for s in specs])
    if "method_name" in metafunc.fixturenames:
        names = _selected_methods(config) if config.getoption("--method") else []
        metafunc.parametrize("method_name", names, ids=names)


@pytest.fixture
def case(case_spec, request):
    """The BenchmarkCase for this test (data cached per worker; the model is fresh each time)."""
    import torch

    from interpbench_harness.benchmark_case import load_benchmark_case

    # Two multi-threaded torch processes on a small machine slow each other down many times over.
    torch.set_num_threads(int(os.environ.get("INTERPBENCH_TORCH_THREADS", "1")))
    if not case_spec.supported:
        pytest.skip(f"case {case_spec.case_id} is unsupported: {case_spec.unsupported}")
    config = request.config
    return load_benchmark_case(
        case_spec,
        config.getoption("--model-source"),
        config.getoption("--samples"),
        train_missing=config.getoption("--train-missing"),
    )


@pytest.fixture
def method(method_name, request):
    """The method registered as `method_name` (built-in, from method_plugins/, or installed)."""
    from interpbench_harness.methods.registry import load_methods

    return load_methods(_plugin_dir(request.config))[method_name]


@pytest.fixture
def method_settings(request):
    """The MethodSettings of this run (seed, sweep values)."""
    from interpbench_harness.methods.contract import MethodSettings

    config = request.config
    return MethodSettings(seed=config.getoption("--seed"), sweep=_sweep_values(config))


@pytest.fixture
def record_benchmark_result(request):
    """Attach a result (plain JSON) to this test's report for the controller to aggregate."""

    def record(payload):
        request.node.user_properties.append((RESULT_KEY, json.loads(json.dumps(payload))))

    return record


class ResultCollector:
    """Lives on the controller only: gathers results from reports, prints the table, writes JSON."""

    def __init__(self, config):
        self.config = config
        self.results = []
        self.started = time.time()

    def pytest_runtest_logreport(self, report):
        if report.when != "call":
            return
        for key, value in report.user_properties:
            if key == RESULT_KEY:
                self.results.append({**value, "outcome": report.outcome})

    def pytest_terminal_summary(self, terminalreporter):
        if not self.results:
            return
        from interpbench_harness.report import results_table, write_json_report

        terminalreporter.section("interpbench results")
        terminalreporter.write_line(results_table(self.results))
        path = self.config.getoption("--report-json")
        if path:
            write_json_report(path, self.results, self.config, time.time() - self.started)
            terminalreporter.write_line(f"JSON report: {path}")
