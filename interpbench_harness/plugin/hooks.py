"""The plugin's command-line options and the hooks that act on them."""

from __future__ import annotations

from typing import Dict, Optional, Tuple

import pytest

from interpbench_harness.plugin import settings as run_settings

DISCOVERY_TEST = "test_discovery"
PAIRS = pytest.StashKey[dict]()


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
    group.addoption(
        "--device",
        default="cpu",
        help="where models, data and methods run: cpu, cuda, cuda:N or mps; with xdist, --device=cuda puts "
        "worker gwI on GPU I mod the GPU count; a device this machine lacks stops the run at start-up "
        "(default: cpu)",
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
        "a number, true/false, or else a string; `interpbench methods` lists each method's options "
        "(default: each method's own defaults)",
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
    settings = run_settings.parse(config)  # every value checked here, before any case runs
    if settings.methods or settings.realism:
        from interpbench_harness.cost import keep_freed_heap

        keep_freed_heap()  # no page-fault churn between and within methods (see its docstring)
    if not hasattr(config, "workerinput"):
        run_settings.check_output_paths(settings)
        from interpbench_harness.plugin.collector import ResultCollector

        config.pluginmanager.register(ResultCollector(config), "interpbench_collector")


def pair_ids(config) -> Dict[str, Tuple[str, str]]:
    """Every selected (case, method) pair by its test id, `case-<id>-<method>`, as parametrized below."""
    if PAIRS not in config.stash:
        methods = run_settings.of(config).methods
        config.stash[PAIRS] = {
            f"case-{spec.case_id}-{method}": (spec.case_id, method)
            for spec in (run_settings.selected_cases(config) if methods else ())
            for method in methods
        }
    return config.stash[PAIRS]


def pair_of(pairs: Dict[str, Tuple[str, str]], nodeid: str) -> Optional[Tuple[str, str]]:
    """The (case, method) of a discovery test's node id, whatever file holds the suite; the one
    way discovery tests are recognised, on workers (sharding) and on the controller (results)."""
    _, bracket, params = nodeid.partition(f"::{DISCOVERY_TEST}[")
    return pairs.get(params[:-1]) if bracket else None


def pytest_collection_modifyitems(config, items):
    """Keep only this shard's (case, method) pairs; the same on every xdist worker."""
    shard = run_settings.of(config).shard
    if shard is None:
        return
    from interpbench_harness.sharding import in_shard

    pairs = pair_ids(config)
    item_pairs = {item.nodeid: pair_of(pairs, item.nodeid) for item in items}
    keep = set(in_shard([p for p in item_pairs.values() if p is not None], shard))
    def dropped(item) -> bool:
        return item_pairs[item.nodeid] is not None and item_pairs[item.nodeid] not in keep

    deselected = [item for item in items if dropped(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not dropped(item)]


def pytest_generate_tests(metafunc):
    config = metafunc.config
    if "case_spec" in metafunc.fixturenames:
        specs = run_settings.selected_cases(config)
        metafunc.parametrize("case_spec", specs, ids=[f"case-{s.case_id}" for s in specs])
    if "method_name" in metafunc.fixturenames:
        names = list(run_settings.of(config).methods)
        metafunc.parametrize("method_name", names, ids=names)
