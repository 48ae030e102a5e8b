"""The JSON report: built from the collected results, written atomically, read back checked."""

from __future__ import annotations

import json
import platform
from importlib import metadata
from pathlib import Path
from typing import Mapping, Sequence

from interpbench_harness.cases.registry import id_order
from interpbench_harness.report.schema import (
    SCHEMA_VERSION,
    DiscoveryResult,
    ModelEntry,
    RealismEntry,
    Report,
    RunBlock,
    result_order,
    validate,
)

_PACKAGES = ("interpbench-harness", "torch", "transformer-lens", "tracr-pypi", "jax", "numpy", "pytest")


def build_report(
    results: Sequence[DiscoveryResult], run: Mapping[str, object], realism: Sequence[RealismEntry] = ()
) -> Report:
    """The report of one run: `run` (settings, `complete`) plus this machine's Python and package
    versions; per case the model it ran on, once, in `models`; every result; the realism entries."""
    models, slim = {}, []
    for result in results:  # per-case facts go to `models`, once per case
        result = dict(result)
        shape, truth = result.pop("model_shape", None), result.pop("ground_truth", None)
        if result.get("model_sha256"):
            models[result["case"]] = ModelEntry(origin=result.get("model_origin"), sha256=result["model_sha256"],
                                                shape=shape, ground_truth=truth)
        slim.append(result)
    block: RunBlock = {
        **run,
        "python": platform.python_version(),
        "packages": {name: _version(name) for name in _PACKAGES},
    }
    report: Report = {
        "schema_version": SCHEMA_VERSION,
        "run": block,
        "models": dict(sorted(models.items(), key=lambda item: id_order(item[0]))),
        "results": sorted(slim, key=result_order),
    }
    if realism:
        report["realism"] = sorted(realism, key=lambda r: (id_order(r["case"]), r.get("check", "")))
    return report


def write_report(path, report: Report) -> None:
    """Write atomically, so an interrupted run never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=1, sort_keys=True))
    tmp.replace(path)


def read_report(path) -> Report:
    """The report in `path`, checked against the schema (`schema.validate`); a run journal reads
    as the incomplete report of its finished results."""
    from interpbench_harness.report.journal import is_journal, read_journal

    if is_journal(path):
        try:
            return read_journal(path)
        except OSError as error:
            raise ValueError(f"cannot read run journal {path}: {error}") from None
    try:
        report = json.loads(Path(path).read_text())
    except (OSError, ValueError) as error:
        raise ValueError(f"cannot read report {path}: {error}") from None
    return validate(report, path)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"
