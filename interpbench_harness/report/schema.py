"""The declared JSON report schema: what a discovery result, the run block and a report hold.

Reports stay plain JSON (results ride on pytest's test reports across xdist workers, reports
are stored on disk and read by CI scripts), so the types are TypedDicts: they name the keys
for readers and type checkers, and `validate` checks a loaded file against their required
keys. Any change a reader of an older report would notice bumps SCHEMA_VERSION and gets an
entry in CHANGELOG.md.
"""

# No `from __future__ import annotations`: TypedDict must see Required/NotRequired unquoted.
import math
from typing import Dict, List, Mapping, NotRequired, Optional, Required, Tuple, TypedDict

from interpbench_harness.cases.registry import id_order
from interpbench_harness.evaluation import headline_auroc

SCHEMA_VERSION = 2  # history in CHANGELOG.md, "Report schema"

# How a pair ended: the pytest outcome of its discovery test, or what the collector saw instead.
OUTCOMES = ("passed", "failed", "error", "skipped", "crashed", "not run")


class Cost(TypedDict, total=False):
    """What a method spent (`cost.metered`); empty when metering never started."""

    forward_passes: int
    forward_rows: int
    backward_passes: int
    cpu_seconds: float  # the process's CPU time while the method ran, all threads (optional: see CHANGELOG)
    peak_memory_mib: Optional[float]  # None where the resident set size cannot be read


class LevelMetrics(TypedDict, total=False):
    """One level's scores: rank AUROC for scores, pessimistic AUROC for sweeps, or `undefined`."""

    rank_auroc: float
    average_precision: float
    tpr_at_truth_size: float
    fpr_at_truth_size: float
    pessimistic_auroc: float
    roc: List[List[float]]  # [FPR, TPR] points
    undefined: str  # why there is no score (every item is in the ground truth)


class Metrics(TypedDict, total=False):
    """`evaluation.evaluate`'s output; a sweep with edge scores adds the `*_from_scores` levels."""

    kind: Required[str]  # "edge_scores", "node_scores" or "sweep"
    edge: LevelMetrics
    node: LevelMetrics
    node_with_io: LevelMetrics
    sweep_values: List[float]
    edge_from_scores: LevelMetrics
    node_from_scores: LevelMetrics
    node_with_io_from_scores: LevelMetrics


class DiscoveryResult(TypedDict):
    """What the discovery test records for one (case, method) pair (`discovery_result`).

    Exactly one of `metrics` (scored) and `error` (not); the collector adds `outcome`.
    """

    case: str
    method: str
    model_source: str
    model_origin: str
    model_sha256: str
    model_shape: List[int]  # [n_layers, n_heads]
    ground_truth: List[str]  # edge names
    ground_truth_note: NotRequired[str]  # a released model whose edges.pkl differs from our ground truth
    device: NotRequired[str]  # where the case ran, e.g. "cpu", "cuda:1"; absent in reports before --device: cpu
    seconds: NotRequired[float]
    cost: NotRequired[Cost]
    metrics: NotRequired[Metrics]
    error: NotRequired[str]  # "ExceptionType: message"
    outcome: NotRequired[str]  # one of OUTCOMES


class ReportResult(TypedDict):
    """An entry of a report's `results`: a DiscoveryResult whose model shape and ground truth
    went to `models`, or the entry of a pair that sent none (case, method, outcome, error)."""

    case: str
    method: str
    outcome: NotRequired[str]
    model_source: NotRequired[str]
    model_origin: NotRequired[str]
    model_sha256: NotRequired[str]
    ground_truth_note: NotRequired[str]
    device: NotRequired[str]
    seconds: NotRequired[float]
    cost: NotRequired[Cost]
    metrics: NotRequired[Metrics]
    error: NotRequired[str]


class ModelEntry(TypedDict):
    """The model a case ran on, once per case."""

    origin: Optional[str]
    sha256: str
    shape: Optional[List[int]]
    ground_truth: Optional[List[str]]


class RunBlock(TypedDict, total=False):
    """The run's settings and metadata. A merged report has `merged_from` and `shards` instead of
    `shard`; a journal read as a report has `from_journal`."""

    complete: Required[bool]  # False: interrupted, a pair sent nothing, or a shard is missing
    methods: str
    cases: str
    model_source: str
    samples: int
    seed: int
    sweep: List[float]
    method_options: Dict[str, Dict[str, object]]
    shard: Optional[str]  # "i/N"
    device: str  # --device as requested ("cpu", "cuda", "cuda:N", "mps"); absent before --device: cpu
    started: str  # ISO 8601, UTC
    seconds: float
    expected_results: int
    python: str
    packages: Dict[str, str]
    merged_from: List[str]
    shards: List[str]
    from_journal: str


class RealismEntry(TypedDict):
    """One realism check of one case (`suites/test_realism.py`), measured per model kind."""

    case: str
    check: str  # "node_effect", "ground_truth_accuracy", "weights" or "acdc"
    kinds: Dict[str, Dict[str, object]]  # kind -> measurements
    missing: NotRequired[Dict[str, str]]  # kind -> why it has no model
    magnitude_edges: NotRequired[List[float]]  # weights
    thresholds: NotRequired[List[float]]  # acdc
    correlation_with_natural: NotRequired[Dict[str, Optional[float]]]  # acdc


class Report(TypedDict):
    schema_version: int
    run: RunBlock
    models: Dict[str, ModelEntry]  # by case id
    results: List[ReportResult]
    realism: NotRequired[List[RealismEntry]]  # only when the realism suite ran
    run_id: NotRequired[str]  # a stored run's id


def discovery_result(case, method: str) -> DiscoveryResult:
    """The result of running `method` on a loaded benchmark case, before the method runs."""
    result: DiscoveryResult = {
        "case": case.case_id,
        "method": method,
        "model_source": case.model_source,
        "model_origin": case.model_origin,
        "model_sha256": case.model_sha256,
        "model_shape": [case.model.cfg.n_layers, case.model.cfg.n_heads],
        "ground_truth": [edge.name for edge in case.ground_truth.sorted_edges()],
        "device": str(getattr(case, "device", "cpu")),
    }
    if case.ground_truth_note:
        result["ground_truth_note"] = case.ground_truth_note
    return result


def is_scored(result: Mapping[str, object]) -> bool:
    return "metrics" in result


def result_key(result: Mapping[str, object]) -> Tuple[str, str]:
    return result["case"], result["method"]


def result_order(result: Mapping[str, object]) -> Tuple[object, str]:
    """Sort key of results in reports and tables: case id order, then method name."""
    return id_order(result["case"]), result["method"]


def auroc(result: Mapping[str, object], level: str) -> float:
    """The headline AUROC of a result at `level` ("edge" or "node"); NaN when it has no score."""
    value = headline_auroc(result["metrics"], level) if is_scored(result) else None
    return math.nan if value is None else float(value)


def total_passes(result: Mapping[str, object]) -> Optional[int]:
    """Forward plus backward passes; None for a result from before passes were counted."""
    cost = result.get("cost") or {}
    return cost["forward_passes"] + cost.get("backward_passes", 0) if "forward_passes" in cost else None


def validate(report: object, source: object = "report") -> Report:
    """`report` itself when it is a report of this schema version with every required key;
    otherwise ValueError naming `source` (a path), what is wrong and what to do."""
    if not isinstance(report, dict):
        raise ValueError(f"{source} is not an interpbench report: it holds a JSON {type(report).__name__}, not an "
                         "object; give a file written by --report-json, --save-baseline, --save-run or `interpbench merge`")
    found = report.get("schema_version")
    if found != SCHEMA_VERSION:
        raise ValueError(f"{source}: {_version_problem(found)}")
    problems = _missing(report, Report, "")
    if isinstance(report.get("run"), dict):
        problems += _missing(report["run"], RunBlock, "run.")
    for case_id, model in _items(report.get("models"), "models", dict, problems):
        problems += _missing(model, ModelEntry, f"models[{case_id!r}].")
    for index, result in _items(report.get("results"), "results", list, problems):
        where = f"results[{index}]"
        problems += _missing(result, ReportResult, f"{where}.")
        if isinstance(result, dict) and not (is_scored(result) or "error" in result):
            problems.append(f"{where} has neither 'metrics' nor 'error'")
    if "realism" in report:
        for index, entry in _items(report["realism"], "realism", list, problems):
            problems += _missing(entry, RealismEntry, f"realism[{index}].")
    if problems:
        shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5 else "")
        raise ValueError(f"{source} does not match report schema version {SCHEMA_VERSION}: {shown}. It was edited, "
                         "truncated or written by other code; restore it or re-run the benchmark to write it again")
    return report


def _version_problem(found: object) -> str:
    if found is None:
        return ("has no schema_version, so it is not an interpbench report; give a file written by --report-json, "
                "--save-baseline, --save-run or `interpbench merge`")
    if isinstance(found, int) and found < SCHEMA_VERSION:
        return (f"report schema version {found} is older than the version {SCHEMA_VERSION} this harness reads; re-run "
                "the benchmark (or --save-baseline again) to write a current report; CHANGELOG.md lists what changed")
    return (f"report schema version {found!r} is not the version {SCHEMA_VERSION} this harness reads; read it with "
            "the interpbench-harness that wrote it, or upgrade this one")


def _missing(value: object, declared: type, where: str) -> List[str]:
    if not isinstance(value, dict):
        return [f"{where.rstrip('.') or 'the report'} is a {type(value).__name__}, not an object"]
    return [f"{where}{key} is missing" for key in sorted(declared.__required_keys__ - value.keys())]


def _items(value: object, name: str, kind: type, problems: List[str]):
    """(key or index, item) pairs of a report's `models`, `results` or `realism`, if of the right kind."""
    if value is None:
        return []  # already reported as missing
    if not isinstance(value, kind):
        problems.append(f"{name} is a {type(value).__name__}, not a{'n object' if kind is dict else ' list'}")
        return []
    return value.items() if kind is dict else enumerate(value)
