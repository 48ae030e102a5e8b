"""The run's settings: parsed from the command line once, checked, and kept in `config.stash`.

Every value is checked at start-up, so a bad one stops the run with a usage error that names
it and the valid ones before any case runs. Hooks, fixtures and the collector read the frozen
`RunSettings` (`of(config)`), never the raw options. Cases and the baseline are resolved once
too, but only when something needs them: a plain `pytest tests/` in a checkout pays nothing.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple

import pytest

SETTINGS = pytest.StashKey["RunSettings"]()
CASES = pytest.StashKey[tuple]()
BASELINE = pytest.StashKey[Optional[dict]]()


@dataclasses.dataclass(frozen=True)
class RunSettings:
    methods: Tuple[str, ...]
    cases: str  # the selectors as given; the specs come from `selected_cases`
    model_source: str
    train_missing: bool
    samples: int
    seed: int
    sweep: Tuple[float, ...]
    method_options: Mapping[str, Mapping[str, Any]]  # per selected method, as applied (defaults included)
    min_auroc: Optional[float]
    method_timeout: float  # seconds; 0 means no limit
    shard: Optional[Tuple[int, int]]
    shard_text: Optional[str]
    baseline: Optional[str]
    fail_on_regression: Optional[float]
    report_json: Optional[str]
    report_html: Optional[str]
    save_run: bool
    save_baseline: Optional[str]
    conformance: bool
    validity: bool
    realism: bool
    plugin_dir: Path
    device: str = "cpu"  # as requested (--device): cpu, cuda, cuda:N or mps; the report's run block records it
    worker_device: str = "cpu"  # where this process puts cases: --device resolved, per xdist worker for `cuda`


def of(config) -> RunSettings:
    return config.stash[SETTINGS]


def parse(config) -> RunSettings:
    """Read and check every option; store the result in the config's stash.

    The methods are loaded last: their modules import torch and transformer-lens (seconds), so a
    mistake in any other option, the cases or the baseline stops the run before that.
    """
    get = config.getoption
    plugin_dir = Path(str(config.rootpath)) / "method_plugins"
    names = _method_names(get("--method"))
    device = _device(get("--device"))
    checked = dict(
        cases=get("--cases"),
        model_source=_model_source(get("--model-source")),
        train_missing=get("--train-missing"),
        samples=_samples(get("--samples")),
        seed=get("--seed"),
        sweep=_sweep(get("--sweep")),
        min_auroc=get("--min-auroc"),
        method_timeout=_timeout(get("--method-timeout")),
        shard=_shard(get("--shard")) if names else None,
        shard_text=get("--shard"),
        baseline=get("--baseline"),
        fail_on_regression=get("--fail-on-regression"),
        report_json=get("--report-json"),
        report_html=get("--report-html"),
        save_run=get("--save-run"),
        save_baseline=get("--save-baseline"),
        conformance=get("--conformance"),
        validity=get("--validity"),
        realism=get("--realism"),
        plugin_dir=plugin_dir,
        device=device,
        worker_device=worker_device(device, getattr(config, "workerinput", {}).get("workerid")),  # gw0, gw1, ...
    )
    if checked["fail_on_regression"] is not None and checked["baseline"] is None:
        raise pytest.UsageError("--fail-on-regression needs --baseline (a run id, 'latest' or a report file)")
    if names or checked["validity"] or checked["realism"]:  # the runs that use cases
        config.stash[CASES] = _cases(checked["cases"])  # a wrong case id stops the run here
    if not hasattr(config, "workerinput"):
        config.stash[BASELINE] = _baseline(checked["baseline"])  # so does a wrong baseline, on the controller
    methods = _methods(names, plugin_dir)
    settings = RunSettings(methods=methods, method_options=_method_options(get("--method-option"), methods), **checked)
    config.stash[SETTINGS] = settings
    return settings


def selected_cases(config) -> tuple:
    """The CaseSpecs of --cases (with 'shipped' expanded), resolved once per process."""
    if CASES not in config.stash:
        config.stash[CASES] = _cases(of(config).cases)
    return config.stash[CASES]


def baseline_of(config) -> Optional[dict]:
    """The baseline report (None without --baseline), which `parse` read once at start-up on the
    controller, so a wrong name fails before any work."""
    return config.stash[BASELINE]


def _baseline(reference: Optional[str]) -> Optional[dict]:
    if reference is None:
        return None
    try:
        return _read_baseline(reference)
    except (FileNotFoundError, ValueError) as error:
        raise pytest.UsageError(f"--baseline: {error}") from None


def _read_baseline(reference: str) -> dict:
    from interpbench_harness.report.runs import load_run

    return load_run(reference)


def report_block(settings: RunSettings) -> Dict[str, object]:
    """The settings as the report's run block records them."""
    return {
        "methods": ",".join(settings.methods),
        "cases": settings.cases,
        "model_source": settings.model_source,
        "samples": settings.samples,
        "seed": settings.seed,
        "sweep": list(settings.sweep),
        "method_options": {name: dict(options) for name, options in settings.method_options.items()},
        "shard": settings.shard_text,
        "device": settings.device,
    }


def check_output_paths(settings: RunSettings) -> None:
    """Every output the run will write can be written, checked before any case runs."""
    from interpbench_harness.report.runs import runs_root

    targets = (("--report-json", settings.report_json), ("--report-html", settings.report_html),
               ("--save-baseline", settings.save_baseline))
    for option, raw in targets:
        if raw:
            path = Path(raw)
            if path.is_dir():
                raise pytest.UsageError(f"{option} {raw!r} is a folder; give the path of a file to write")
            _check_writable_folder(option, path.parent, f"choose another path for {option}")
    if settings.save_run:
        _check_writable_folder("--save-run", runs_root(), "set INTERPBENCH_RUNS_DIR to a writable folder")


def _check_writable_folder(option: str, folder: Path, remedy: str) -> None:
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".interpbench-probe-"):
            pass
    except OSError as error:
        raise pytest.UsageError(f"{option}: cannot write into {str(folder)!r} ({error.strerror or error}); {remedy}") from None


def _method_names(raw: str) -> Tuple[str, ...]:
    return tuple(n.strip() for n in raw.split(",") if n.strip())


def _methods(names: Tuple[str, ...], plugin_dir: Path) -> Tuple[str, ...]:
    """`names`, checked against the built-ins, the plugin folder and installed entry points."""
    if not names:
        return ()
    from interpbench_harness.methods.registry import load_errors, load_methods

    available = load_methods(plugin_dir)
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


def _model_source(source: str) -> str:
    from interpbench_harness.store.resolution import SOURCES

    if source not in SOURCES:
        raise pytest.UsageError(f"unknown --model-source {source!r}; available: {', '.join(SOURCES)}")
    return source


def _cases(raw: str) -> tuple:
    from interpbench_harness.cases.registry import CaseSelectionError
    from interpbench_harness.store.shipped import select_cases

    try:
        return tuple(select_cases(raw.split(",")))
    except CaseSelectionError as error:
        raise pytest.UsageError(f"--cases: {error.args[0]}") from None


DEVICE_FORM = re.compile(r"cpu|mps|cuda(:[0-9]+)?")
VALID_DEVICES = "cpu, cuda, cuda:N (N a GPU index), mps"


def _device(raw: str) -> str:
    """The --device value, checked against what this machine has (torch is imported only for a non-CPU one)."""
    device = raw.strip().lower()
    if not DEVICE_FORM.fullmatch(device):
        raise pytest.UsageError(f"unknown --device {raw!r}; valid: {VALID_DEVICES}")
    if device == "cpu":
        return device
    problem = device_problem(device)
    if problem:
        raise pytest.UsageError(f"--device={device}: {problem}")
    return device


def device_problem(device: str) -> Optional[str]:
    """Why `device` (cuda, cuda:N or mps) cannot be used on this machine, saying what was found; None if it can."""
    import torch

    if device == "mps":
        backend = getattr(torch.backends, "mps", None)
        if backend is not None and backend.is_available():
            return None
        built = backend is not None and backend.is_built()
        return ("MPS is not available here (" + ("this torch has MPS support, but the machine or macOS version does "
                "not offer it" if built else f"torch {torch.__version__} was built without MPS") + "); use --device=cpu")
    count = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if count == 0:
        if torch.version.cuda is None:
            found = f"torch {torch.__version__} was built without CUDA"
        else:
            found = f"torch {torch.__version__} (CUDA {torch.version.cuda}) finds no CUDA GPU"
        return f"no CUDA GPU is available here ({found}); use --device=cpu"
    index = device.partition(":")[2]
    if index and int(index) >= count:
        gpus = ", ".join(f"cuda:{i}" for i in range(count))
        return f"this machine has {count} CUDA GPU{'s' if count > 1 else ''} ({gpus}); no GPU {index}"
    return None


def worker_device(device: str, worker_id: Optional[str], gpu_count: Optional[int] = None) -> str:
    """The device this process runs cases on. `cuda` (no index) becomes `cuda:<i mod the GPU count>`
    on xdist worker `gw<i>` (gw0 on GPU 0, gw1 on GPU 1, ...; more workers than GPUs share them
    round-robin) and `cuda:0` in a single process; every other value is used as given.
    `gpu_count` defaults to `torch.cuda.device_count()`, which does not start CUDA."""
    if device != "cuda":
        return device
    match = re.fullmatch(r"gw([0-9]+)", worker_id or "")
    if match is None:
        return "cuda:0"
    if gpu_count is None:
        import torch

        gpu_count = torch.cuda.device_count()
    return f"cuda:{int(match.group(1)) % max(gpu_count, 1)}"


def _samples(samples: int) -> int:
    if samples < 1:
        raise pytest.UsageError(f"--samples must be at least 1 (clean and corrupted inputs per case); got {samples}")
    return samples


def _timeout(timeout: float) -> float:
    if not math.isfinite(timeout) or timeout < 0:
        raise pytest.UsageError(f"--method-timeout takes seconds > 0, or 0 for no limit; got {timeout}")
    return timeout


def _sweep(raw: str) -> Tuple[float, ...]:
    from interpbench_harness.methods.contract import PAPER_SWEEP

    try:
        values = tuple(float(v) for v in raw.split(",")) if raw else PAPER_SWEEP
    except ValueError:
        raise pytest.UsageError(f"--sweep takes comma-separated numbers, e.g. 0,0.01,0.1; got {raw!r}") from None
    if not all(math.isfinite(v) for v in values):
        raise pytest.UsageError(f"--sweep values must be finite numbers (no nan or inf); got {raw!r}")
    return values


def _method_options(raw_options, methods: Tuple[str, ...]) -> Dict[str, Dict[str, Any]]:
    """Each selected method's options as applied: --method-option values over its declared defaults."""
    given: Dict[str, Dict[str, object]] = {}
    for raw in raw_options:
        target, equals, value = raw.partition("=")
        method, _, key = target.partition(".")
        if not (method and key and equals):
            raise pytest.UsageError(f"--method-option takes METHOD.KEY=VALUE, e.g. eap_ig.steps=20; got {raw!r}")
        if method not in methods:
            raise pytest.UsageError(f"--method-option {raw!r} names {method!r}, which is not in --method")
        given.setdefault(method, {})[key] = _option_value(value)
    if not methods:
        return {}
    from interpbench_harness.methods.registry import resolve_options

    applied = {}
    for method in methods:
        try:
            applied[method] = resolve_options(method, given.get(method, {}))
        except ValueError as error:
            raise pytest.UsageError(f"--method-option: {error}") from None
    return applied


def _option_value(text: str) -> object:
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def _shard(raw: Optional[str]):
    if not raw:
        return None
    from interpbench_harness.sharding import parse_shard

    try:
        return parse_shard(raw)
    except ValueError as error:
        raise pytest.UsageError(str(error)) from None
