"""Faults a hostile but honest user provoked, kept as regression tests: nothing finished is lost,
every expected (case, method) pair has an entry, bad input stops the run before any case runs.

The other probes live beside the code they exercise: contaminating plugins, global hooks and the
swallowed timeout in test_method_isolation.py; an edited compile-cache meta in
test_compiled_cases.py; a truncated shipped manifest in test_model_store.py; plugin name clashes
and SystemExit at import in test_method_registry.py.
"""

import json
import sys
from pathlib import Path

import pytest

from interpbench_harness.methods.registry import load_methods
from interpbench_harness.report.journal import journal_path, read_journal
from interpbench_harness.report.json_report import read_report
from interpbench_harness.report.merge import merge_reports

pytest_plugins = ["pytester"]

CASES = "--cases=3,8"
SOURCE = "--model-source=tracr"  # exact compiled models: nothing trained, nothing downloaded
FAULTY_METHODS = '''
import os
import shutil
from pathlib import Path

from interpbench_harness.methods import EdgeScores, register


def _truth(case):
    names = {edge.name for edge in case.ground_truth.edges}
    return EdgeScores({e.name: float(e.name in names) for e in case.universe.edges})


@register("dies_on_8")
def dies_on_8(case, settings):
    if case.case_id == "8":
        os._exit(3)  # as a segfault or a native abort would: no exception, no clean-up
    return _truth(case)


@register("exits_when_told")
def exits_when_told(case, settings):
    if case.case_id == "8" and os.environ.get("FAULT_EXIT"):
        raise SystemExit(2)  # not an Exception: the discovery test records nothing itself
    return _truth(case)


@register("breaks_the_html_folder")
def breaks_the_html_folder(case, settings):
    folder = Path(os.environ["FAULT_HTML_FOLDER"])
    if folder.is_dir():  # the folder was writable at start-up; now a file stands in its place
        shutil.rmtree(folder)
        folder.write_text("")
    return _truth(case)
'''


@pytest.fixture
def faulty(project, monkeypatch, tmp_path):
    (project.path / "method_plugins" / "faulty.py").write_text(FAULTY_METHODS)
    monkeypatch.setenv("INTERPBENCH_RUNS_DIR", str(tmp_path / "runs"))
    return project


def _run(project, *args):
    return project.runpytest_subprocess("suites/test_discovery.py", CASES, SOURCE, "--samples=20", *args)


@pytest.fixture(scope="module", autouse=True)
def builtins_loaded():
    """Built-in methods (and what they import) loaded before any pytester snapshot of sys.modules,
    so in-process runs never import them twice (a second import would register them twice)."""
    load_methods()


def _start(project, *args):
    """In this process: enough for checks that stop the run at start-up, and much cheaper."""
    return project.runpytest_inprocess("suites/test_discovery.py", CASES, SOURCE, "--samples=20", *args)


@pytest.mark.parametrize("option", ["--report-json", "--report-html", "--save-baseline"])
def test_an_unwritable_report_path_stops_the_run_before_any_case(faulty, option):
    blocker = faulty.path / "a_file"
    blocker.write_text("")
    result = _start(faulty, "--method=ground_truth", f"{option}={blocker}/report.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{option}: cannot write into*a_file*choose another path*"])
    assert "passed" not in result.stdout.str()


def test_a_report_folder_that_is_a_folder_is_refused(faulty):
    result = _start(faulty, "--method=ground_truth", f"--report-json={faulty.path}")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--report-json*is a folder; give the path of a file*"])


@pytest.mark.subprocess
def test_a_write_failure_at_the_end_still_prints_the_table_writes_the_rest_and_stores_the_run(faulty, monkeypatch):
    html_folder = faulty.path / "html"
    monkeypatch.setenv("FAULT_HTML_FOLDER", str(html_folder))
    report = faulty.path / "out" / "report.json"
    result = _run(faulty, "--method=breaks_the_html_folder", f"--report-html={html_folder}/report.html",
                  f"--report-json={report}", "--save-run")
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # every test passed; the lost output fails the run
    result.stdout.fnmatch_lines([
        "*3*breaks_the_html_folder*1.000*",
        "*--report-json: *report.json",
        "*--save-run: run 0001*",
        "*--report-html: could not write*report.html*",
        "*the finished results are kept in the journal*report.json.journal.jsonl*",
    ])
    assert len(read_report(report)["results"]) == 2
    assert len(read_journal(journal_path(report))["results"]) == 2


@pytest.mark.subprocess
def test_a_process_that_dies_under_n0_leaves_a_readable_incomplete_report(faulty):
    report = faulty.path / "report.json"
    result = _run(faulty, "-p", "no:xdist", "--method=dies_on_8,ground_truth", f"--report-json={report}")
    assert result.ret == 3  # os._exit's status: nothing after it ran
    assert not report.exists()
    partial = read_report(journal_path(report))  # what `interpbench report/compare/merge` read
    assert partial["run"]["complete"] is False
    assert [(r["case"], r["method"]) for r in partial["results"]] == [("3", "dies_on_8"), ("3", "ground_truth")]
    assert all(r["metrics"]["edge"]["rank_auroc"] == 1.0 for r in partial["results"])
    shown = faulty.run(Path(sys.executable).parent / "interpbench", "report", journal_path(report))
    shown.stdout.fnmatch_lines(["*3*dies_on_8*1.000*"])


@pytest.mark.subprocess
def test_a_finished_run_removes_its_journal(faulty):
    report = faulty.path / "report.json"
    assert _run(faulty, "--method=ground_truth", f"--report-json={report}").ret == pytest.ExitCode.OK
    assert report.exists() and not journal_path(report).exists()


@pytest.mark.subprocess
def test_collect_only_writes_no_report_and_stores_no_run(faulty, tmp_path):
    report = faulty.path / "report.json"
    report.write_text("the previous complete report")
    result = _run(faulty, "--method=ground_truth", f"--report-json={report}", "--save-run", "--collect-only", "-q")
    assert result.ret == pytest.ExitCode.OK
    assert report.read_text() == "the previous complete report"
    assert not journal_path(report).exists()
    assert not list((tmp_path / "runs").glob("*.json"))


@pytest.mark.subprocess
def test_a_setup_error_has_an_entry_with_its_outcome_and_error(faulty, monkeypatch):
    for variable in ("INTERPBENCH_RELEASED_DIR", "INTERPBENCH_HF_CACHE", "INTERPBENCH_MIB_DIR"):
        monkeypatch.delenv(variable, raising=False)  # so the case fixture cannot find a released model
    report = faulty.path / "report.json"
    result = faulty.runpytest_subprocess("suites/test_discovery.py", "--cases=3", "--model-source=interpbench",
                                         "--method=ground_truth", f"--report-json={report}")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    (entry,) = json.loads(report.read_text())["results"]
    assert entry["outcome"] == "error" and "metrics" not in entry and entry["error"]
    result.stdout.fnmatch_lines(["*3*ground_truth*ERROR*", "*1 pair(s) without a score: 3/ground_truth (error)*"])


@pytest.mark.subprocess
def test_the_gate_counts_a_case_that_scored_before_and_fails_now(faulty, monkeypatch):
    baseline = faulty.path / "baseline.json"
    assert _run(faulty, "--method=exits_when_told", f"--report-json={baseline}").ret == pytest.ExitCode.OK
    monkeypatch.setenv("FAULT_EXIT", "1")
    report = faulty.path / "now.json"
    result = _run(faulty, "--method=exits_when_told", f"--report-json={report}", f"--baseline={baseline}",
                  "--fail-on-regression=0.05")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    entry = {r["case"]: r for r in json.loads(report.read_text())["results"]}["8"]
    assert entry["outcome"] == "failed" and "SystemExit" in entry["error"]
    result.stdout.fnmatch_lines(["*REGRESSION*", "*exits_when_told, case 8: failed now, no score (edge AUROC was 1.000)*"])


@pytest.mark.parametrize(
    "bad, message",
    [
        ("--samples=0", "--samples must be at least 1*got 0"),
        ("--samples=-5", "--samples must be at least 1*got -5"),
        ("--sweep=nan,inf", "--sweep values must be finite numbers*"),
        ("--sweep=0.1,inf", "--sweep values must be finite numbers*"),
        ("--method-timeout=-1", "--method-timeout takes seconds > 0, or 0 for no limit; got -1.0"),
        ("--method-timeout=nan", "--method-timeout takes seconds > 0, or 0 for no limit; got nan"),
    ],
)
def test_bad_numbers_stop_the_run_at_start_up(faulty, bad, message):
    result = _start(faulty, "--method=ground_truth", bad)
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"*{message}*"])


def test_merge_compares_results_not_time_or_memory():
    def report(shard, seconds, memory):
        result = {"case": "3", "method": "eap", "outcome": "passed", "seconds": seconds, "metrics": {"kind": "x"},
                  "cost": {"forward_passes": 4, "backward_passes": 2, "cpu_seconds": seconds, "peak_memory_mib": memory}}
        run = {"methods": "eap", "cases": "3", "model_source": "siit", "samples": 10, "seed": 0, "sweep": [],
               "method_options": {}, "packages": {}, "python": "3", "shard": shard}
        return {"schema_version": 2, "run": run, "models": {}, "results": [result]}

    merged = merge_reports([report(None, 1.0, 10.0), report(None, 2.5, 250.0)], ["a.json", "b.json"])
    assert len(merged["results"]) == 1
    other = report(None, 1.0, 10.0)
    other["results"][0]["cost"]["forward_passes"] = 5  # a computed figure: still refused
    with pytest.raises(ValueError, match="different results"):
        merge_reports([report(None, 1.0, 10.0), other], ["a.json", "b.json"])
