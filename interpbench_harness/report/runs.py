"""Stored runs: JSON reports kept under a runs folder with increasing ids, to compare and gate on.

The folder is $INTERPBENCH_RUNS_DIR, else `.interpbench/runs` in the current directory (like
pytest-benchmark's `.benchmarks`). A run is referred to by its id (`3` or `0003`), by `latest`,
or by the path of any report file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import List, Optional

from filelock import FileLock

from interpbench_harness.report.json_report import read_report, write_report
from interpbench_harness.report.schema import Report, is_scored

RUNS_ENV = "INTERPBENCH_RUNS_DIR"


def runs_root() -> Path:
    return Path(os.environ.get(RUNS_ENV) or Path.cwd() / ".interpbench" / "runs")


def run_files(root: Optional[Path] = None) -> List[Path]:
    root = Path(root) if root is not None else runs_root()
    return sorted(p for p in root.glob("[0-9][0-9][0-9][0-9].json"))


def save_run(report: Report, root: Optional[Path] = None) -> str:
    """Store the report under the next id (locked, so parallel runs never share one); returns it."""
    root = Path(root) if root is not None else runs_root()
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(root / ".lock")):
        existing = run_files(root)
        run_id = f"{int(existing[-1].stem) + 1 if existing else 1:04d}"
        write_report(root / f"{run_id}.json", {**report, "run_id": run_id})
    return run_id


def resolve_run(reference: str, root: Optional[Path] = None) -> Path:
    """The report file a run id, `latest` or a path names."""
    root = Path(root) if root is not None else runs_root()
    if Path(reference).is_file():
        return Path(reference)
    files = run_files(root)
    if reference == "latest" and files:
        return files[-1]
    if reference.isdigit() and (root / f"{int(reference):04d}.json").is_file():
        return root / f"{int(reference):04d}.json"
    known = ", ".join(p.stem for p in files) or "none"
    raise FileNotFoundError(f"no run or report file {reference!r}; stored runs in {root}: {known}")


def load_run(reference: str, root: Optional[Path] = None) -> Report:
    return read_report(resolve_run(reference, root))


def run_rows(root: Optional[Path] = None) -> List[List[object]]:
    """One row per stored run for `interpbench runs`."""
    rows = []
    for path in run_files(root):
        report = read_report(path)
        run = report["run"]
        cases = {r["case"] for r in report["results"]}
        failed = sum(not is_scored(r) for r in report["results"])
        rows.append([path.stem, run.get("started", ""), run.get("methods", ""), len(cases), run.get("model_source", ""),
                     len(report["results"]), failed, "yes" if run.get("complete") else "NO"])
    return rows
