"""The controller's collector: one entry per expected (case, method) pair, whatever happened to it.

Registered on the controller only (the single process, or xdist's controller), it reads each
discovery result off the test report, gives a pair that sent no result an entry of its own
(setup error, skip, worker crash, or not run at all when the run stopped early), journals every
entry as it arrives, and at the end writes the report, stores the run, applies the regression
gate and prints the table. A failure to write one output is reported and the others are still
written.
"""

from __future__ import annotations

import datetime
import time
from typing import Dict, List, Optional, Tuple

import pytest

from interpbench_harness.plugin import settings as run_settings
from interpbench_harness.plugin.fixtures import REALISM_KEY, RESULT_KEY
from interpbench_harness.plugin.hooks import pair_ids, pair_of

NOT_RUN = "not run"


class ResultCollector:
    def __init__(self, config):
        self.config = config
        self.started = time.time()
        self.entries: Dict[str, Dict[str, object]] = {}  # by node id, in arrival order
        self.realism: List[Dict[str, object]] = []
        self.expected: Dict[str, Tuple[str, str]] = {}  # node id -> (case, method), after deselection
        self.settings = run_settings.of(config)
        self.pairs = pair_ids(config)
        self.journal = None
        self.report = None
        self.written: List[Tuple[str, str]] = []
        self.write_errors: List[str] = []  # outputs the user asked for: they fail the run
        self.journal_problems: List[str] = []  # only reported
        self.regressions: List[str] = []

    @property
    def results(self) -> List[Dict[str, object]]:
        return list(self.entries.values())

    def pair_of(self, nodeid: str) -> Optional[Tuple[str, str]]:
        return pair_of(self.pairs, nodeid)

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items):
        self._expect(item.nodeid for item in items)  # after -k and shard deselection

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids):
        self._expect(ids)  # workers deselect before reporting; all of them collect the same

    def _expect(self, nodeids) -> None:
        for nodeid in nodeids:
            pair = self.pair_of(nodeid)
            if pair is not None:
                self.expected[nodeid] = pair

    def pytest_sessionstart(self, session):
        path = self.settings.report_json
        if path and self.pairs and not self.config.option.collectonly:
            from interpbench_harness.report.journal import Journal, journal_path

            try:
                self.journal = Journal(journal_path(path), self._settings())
            except OSError as error:
                self.journal_problems.append(f"no run journal: {error}")

    def pytest_runtest_logreport(self, report):
        if report.when == "call":
            for key, value in report.user_properties:
                if key == RESULT_KEY:
                    self._add(report.nodeid, {**value, "outcome": report.outcome})
                elif key == REALISM_KEY:
                    self.realism.append(value)
        if report.nodeid in self.entries or not (report.failed or report.skipped):
            return
        pair = self.pair_of(report.nodeid)
        if pair is not None:  # the pair sent no result: a setup error, a skip or a crashed worker
            self._add(report.nodeid, _unscored(pair, _outcome(report), _reason(report)))

    def _add(self, nodeid: str, entry: Dict[str, object]) -> None:
        self.entries[nodeid] = entry
        if self.journal is not None:
            try:
                self.journal.append(entry)
            except OSError as error:  # the run goes on; the report at the end is what matters
                self.journal_problems.append(f"the run journal {self.journal.path} stopped: {error}")
                self.journal = None

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session, exitstatus):
        config = self.config
        if config.option.collectonly or not (self.entries or self.expected or self.realism):
            return
        from interpbench_harness.report import build_report

        missing = [nodeid for nodeid in self.expected if nodeid not in self.entries]
        for nodeid in missing:
            self.entries[nodeid] = _unscored(self.expected[nodeid], NOT_RUN, "the run ended before this pair ran")
        run = {
            **self._settings(),
            "seconds": round(time.time() - self.started, 3),
            "complete": exitstatus != pytest.ExitCode.INTERRUPTED and not missing,
            "expected_results": len(self.expected),
        }
        self.report = build_report(self.results, run, realism=self.realism)
        self._write_outputs()
        if self.journal is not None and not self.write_errors:
            self.journal.discard()
        baseline = run_settings.baseline_of(config)
        if baseline is not None:
            from interpbench_harness.report.regression import find_regressions

            margin = self.settings.fail_on_regression
            self.regressions = find_regressions(self.report, baseline, margin if margin is not None else 0.0)
            if self.regressions and margin is not None:
                session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if self.write_errors and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def _settings(self) -> Dict[str, object]:
        started = datetime.datetime.fromtimestamp(self.started, datetime.timezone.utc)
        return {**run_settings.report_block(self.settings), "started": started.isoformat(timespec="seconds")}

    def _write_outputs(self) -> None:
        """Each requested output on its own: one that cannot be written does not stop the others."""
        from interpbench_harness.report import write_report
        from interpbench_harness.report.runs import save_run

        settings = self.settings
        outputs = [("--report-json", settings.report_json, write_report),
                   ("--save-baseline", settings.save_baseline, write_report),
                   ("--report-html", settings.report_html, _write_html)]
        for option, path, write in outputs:
            if not path:
                continue
            try:
                write(path, self.report)
                self.written.append((option, str(path)))
            except OSError as error:
                self.write_errors.append(f"{option}: could not write {path}: {error}")
        if settings.save_run:
            try:
                self.written.append(("--save-run", f"run {save_run(self.report)}"))
            except OSError as error:
                self.write_errors.append(f"--save-run: could not store the run: {error}")
        if self.write_errors and self.journal is not None:
            self.write_errors.append(f"the finished results are kept in the journal {self.journal.path}")

    def pytest_terminal_summary(self, terminalreporter):
        if self.report is None:
            return
        from interpbench_harness.report.table import results_table

        settings = self.settings
        terminalreporter.section("interpbench results")
        if self.entries:
            terminalreporter.write_line(results_table(self.results))
        if self.realism:
            from interpbench_harness.realism import realism_table

            terminalreporter.write_line(realism_table(self.realism))
        if not self.report["run"]["complete"]:
            arrived = sum(entry["outcome"] != NOT_RUN for entry in self.results)
            terminalreporter.write_line(
                f"INCOMPLETE run: {arrived} of {len(self.expected)} results arrived; the report is marked incomplete",
                red=True,
            )
        unscored = [e for e in self.results if "metrics" not in e]
        if unscored:
            terminalreporter.write_line(
                f"{len(unscored)} pair(s) without a score: " + ", ".join(
                    f"{e['case']}/{e['method']} ({e['outcome']})" for e in unscored[:10]
                ) + (" ..." if len(unscored) > 10 else ""),
                red=True,
            )
        for option, where in self.written:
            terminalreporter.write_line(f"{option}: {where}")
        for problem in self.write_errors:
            terminalreporter.write_line(problem, red=True)
        for problem in self.journal_problems:
            terminalreporter.write_line(problem, yellow=True)
        if settings.baseline is not None:
            margin = settings.fail_on_regression
            if not self.regressions:
                terminalreporter.write_line(f"no regression against baseline {settings.baseline}")
            else:
                gate = f"more than {margin} below" if margin is not None else "below"
                terminalreporter.write_line(f"REGRESSION: AUROC {gate} baseline {settings.baseline}:", red=True)
                for problem in self.regressions:
                    terminalreporter.write_line(f"  {problem}", red=margin is not None)


def _write_html(path, report) -> None:
    from interpbench_harness.report.html_page import write_html  # imports the realism module: only when asked

    write_html(path, report)


def _unscored(pair: Tuple[str, str], outcome: str, reason: str) -> Dict[str, object]:
    case_id, method = pair
    return {"case": case_id, "method": method, "outcome": outcome, "error": reason}


def _outcome(report) -> str:
    if report.skipped:
        return "skipped"
    return {"setup": "error", "call": "failed", "teardown": "error"}.get(report.when, "crashed")


def _reason(report) -> str:
    """One line saying why: the skip reason, or the failure's last message line."""
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple):
        return f"skipped: {longrepr[2]}"
    crash = getattr(longrepr, "reprcrash", None)
    if crash is not None:
        return crash.message
    lines = [line for line in str(longrepr).splitlines() if line.strip()]
    return lines[-1] if lines else f"{_outcome(report)} without a message"
