"""The run journal: each finished result appended to `<report>.journal.jsonl` as it arrives.

A process that dies mid-run (a method calling `os._exit`, a segfault under `-n 0`, a kill)
cannot write its report at the end; the journal it leaves behind is read as an incomplete
report by `interpbench report`, `compare` and `merge`. A run that ends normally writes its
report and deletes the journal.
"""

from __future__ import annotations

import json
from pathlib import Path

from interpbench_harness.report.json_report import build_report
from interpbench_harness.report.schema import DiscoveryResult, Report, RunBlock

SUFFIX = ".journal.jsonl"
HEADER_KEY = "interpbench_journal"


def journal_path(report_path) -> Path:
    report_path = Path(report_path)
    return report_path.with_name(report_path.name + SUFFIX)


class Journal:
    """Appends one JSON line per entry and flushes it to disk before returning."""

    def __init__(self, path, run: RunBlock):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("w") as file:
            file.write(json.dumps({HEADER_KEY: 1, "run": run}) + "\n")

    def append(self, entry: DiscoveryResult) -> None:
        with self.path.open("a") as file:
            file.write(json.dumps(entry) + "\n")

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)


def is_journal(path) -> bool:
    return str(path).endswith(SUFFIX)


def read_journal(path) -> Report:
    """The report a journal stands for, marked incomplete; a torn last line is dropped."""
    lines = Path(path).read_text().splitlines()
    try:
        header = json.loads(lines[0])
        run = header["run"]
    except (IndexError, ValueError, KeyError, TypeError):
        raise ValueError(f"{path} is not an interpbench run journal (its first line is not a journal header)") from None
    results = []
    for line in lines[1:]:
        try:
            results.append(json.loads(line))
        except ValueError:
            break  # the process died while writing this line
    return build_report(results, {**run, "complete": False, "from_journal": str(path)})
