"""The pytest plugin: `pytest suites/ --method=NAME [--cases=...] [-n 2]`.

Import-light: torch and TransformerLens load only when a case is built. Each test's result
rides on its report as plain JSON (`user_properties`), so the controller, which alone writes
the table and the JSON report, gets identical numbers with or without xdist.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Dict

import pytest

RESULT_KEY = "interpbench_result"
REALISM_KEY = "interpbench_realism"


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
        "trained on behaviour only; interpbench: upstream's released models from $INTERPBENCH_RELEASED_DIR or "
        "(with $INTERPBENCH_HF_CACHE=1) the local huggingface_hub cache, scored against their edges.pkl "
        "(default: siit)",
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
        "--method-option",
        action="append",
        default=[],
        metavar="METHOD.KEY=VALUE",
        help="a method-specific setting, repeatable, e.g. eap_ig.steps=20 or sp.epochs=5000; VALUE is read as "
        "a number, true/false, or else a string (default: each method's own defaults)",
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
    group.addoption(
        "--realism",
        action="store_true",
        help="run suites/test_realism.py: the paper's realism checks of SIIT, natural and tracr models of each "
        "case (default: off)",
    )
    group.addoption("--report-json", default=None, help="write the JSON report to this path (default: none)")
    group.addoption("--report-html", default=None, help="write the self-contained HTML report to this path (default: none)")
    group.addoption(
        "--save-run",
        action="store_true",
        help="also store the report under the runs folder with the next id; see `interpbench runs` (default: off)",
    )
    group.addoption(
        "--baseline",
        default=None,
        help="a stored run id, 'latest' or a report file to compare this run with (default: none)",
    )
    group.addoption(
        "--fail-on-regression",
        type=float,
        default=None,
        metavar="MARGIN",
        help="with --baseline: fail the run when a method's mean AUROC, or any case's, is more than MARGIN "
        "below the baseline (default: none, differences are only reported)",
    )
    group.addoption("--save-baseline", default=None, help="write this run's report here, as a baseline (default: none)")
    group.addoption(
        "--shard",
        default=None,
        metavar="i/N",
        help="run only the i-th of N deterministic parts of the (case, method) pairs; merge the reports "
        "with `interpbench merge` (default: all)",
    )


def pytest_configure(config):
    if config.getoption("--method"):
        _selected_methods(config)  # fail at start-up on unknown names
        _selected_cases(config)
        sweep_values(config)
        _method_options(config)
        _shard(config)
        _baseline(config)
    _check_numbers(config)
    if not hasattr(config, "workerinput"):
        _check_output_paths(config)
        from interpbench_harness.result_collector import ResultCollector

        config.pluginmanager.register(ResultCollector(config), "interpbench_collector")


def _check_numbers(config) -> None:
    samples = config.getoption("--samples")
    if samples < 1:
        raise pytest.UsageError(f"--samples must be at least 1 (clean and corrupted inputs per case); got {samples}")
    timeout = config.getoption("--method-timeout")
    if not math.isfinite(timeout) or timeout < 0:
        raise pytest.UsageError(f"--method-timeout takes seconds > 0, or 0 for no limit; got {timeout}")


def _check_output_paths(config) -> None:
    """Every output the run will write can be written, checked before any case runs."""
    from interpbench_harness.runs import runs_root

    targets = [(option, config.getoption(option)) for option in ("--report-json", "--report-html", "--save-baseline")]
    for option, raw in targets:
        if raw:
            path = Path(raw)
            if path.is_dir():
                raise pytest.UsageError(f"{option} {raw!r} is a folder; give the path of a file to write")
            _check_writable_folder(option, path.parent, f"choose another path for {option}")
    if config.getoption("--save-run"):
        _check_writable_folder("--save-run", runs_root(), "set INTERPBENCH_RUNS_DIR to a writable folder")


def _check_writable_folder(option: str, folder: Path, remedy: str) -> None:
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".interpbench-probe-"):
            pass
    except OSError as error:
        raise pytest.UsageError(f"{option}: cannot write into {str(folder)!r} ({error.strerror or error}); {remedy}") from None


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
    clashes = [error for error in load_errors() for n in names if f"registered as {n!r}" in error]
    if clashes:  # two sources claim a requested name: which one would run is not the user's choice
        raise pytest.UsageError("a requested method's name is taken twice:\n  " + "\n  ".join(clashes))
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


def sweep_values(config):
    """The sweep values of this run (--sweep or the paper's 19), checked."""
    from interpbench_harness.methods.contract import PAPER_SWEEP

    raw = config.getoption("--sweep")
    try:
        values = tuple(float(v) for v in raw.split(",")) if raw else PAPER_SWEEP
    except ValueError:
        raise pytest.UsageError(f"--sweep takes comma-separated numbers, e.g. 0,0.01,0.1; got {raw!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise pytest.UsageError(f"--sweep values must be finite numbers (no nan or inf); got {raw!r}")
    return values


def _method_options(config) -> Dict[str, Dict[str, object]]:
    """--method-option values by method name, checked against the selected methods."""
    selected = set(_selected_methods(config))
    options: Dict[str, Dict[str, object]] = {}
    for raw in config.getoption("--method-option"):
        target, equals, value = raw.partition("=")
        method, _, key = target.partition(".")
        if not (method and key and equals):
            raise pytest.UsageError(f"--method-option takes METHOD.KEY=VALUE, e.g. eap_ig.steps=20; got {raw!r}")
        if method not in selected:
            raise pytest.UsageError(f"--method-option {raw!r} names {method!r}, which is not in --method")
        options.setdefault(method, {})[key] = _option_value(value)
    return options


def _option_value(text: str) -> object:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _shard(config):
    from interpbench_harness.sharding import parse_shard

    raw = config.getoption("--shard")
    try:
        return parse_shard(raw) if raw else None
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None


def _baseline(config):
    """The baseline report, read at start-up so a wrong name fails before any work."""
    from interpbench_harness.runs import load_run

    reference = config.getoption("--baseline")
    if reference is None:
        if config.getoption("--fail-on-regression") is not None:
            raise pytest.UsageError("--fail-on-regression needs --baseline (a run id, 'latest' or a report file)")
        return None
    try:
        return load_run(reference)
    except (FileNotFoundError, ValueError) as error:
        raise pytest.UsageError(f"--baseline: {error}") from None


def pytest_collection_modifyitems(config, items):
    """Keep only this shard's (case, method) pairs; the same on every xdist worker."""
    shard = _shard(config) if config.getoption("--method") else None
    if shard is None:
        return
    from interpbench_harness.sharding import in_shard

    def pair(item):
        params = getattr(getattr(item, "callspec", None), "params", {})
        if "case_spec" in params and "method_name" in params:
            return params["case_spec"].case_id, params["method_name"]
        return None

    keep = set(in_shard([p for p in map(pair, items) if p is not None], shard))
    deselected = [item for item in items if pair(item) is not None and pair(item) not in keep]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if item not in deselected]


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
def method_settings(method_name, request):
    """The MethodSettings of this run for this method (seed, sweep values, --method-option)."""
    from interpbench_harness.methods.contract import MethodSettings

    config = request.config
    options = _method_options(config).get(method_name, {})
    return MethodSettings(seed=config.getoption("--seed"), sweep=sweep_values(config), options=options)


@pytest.fixture
def record_benchmark_result(request):
    """Attach a result (plain JSON) to this test's report for the controller to aggregate."""

    def record(payload):
        request.node.user_properties.append((RESULT_KEY, json.loads(json.dumps(payload))))

    return record


@pytest.fixture
def record_realism_result(request):
    """Attach a realism measurement (plain JSON) to this test's report; it lands in the report's
    `realism` list, apart from the discovery results."""

    def record(payload):
        request.node.user_properties.append((REALISM_KEY, json.loads(json.dumps(payload))))

    return record
