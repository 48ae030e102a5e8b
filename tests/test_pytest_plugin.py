"""The pytest plugin, run for real in subprocesses on a tiny case set."""

import json
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CASES = "--cases=3,8"

BROKEN_METHODS = '''
import math
import time

import torch
from interpbench_harness.methods import EdgeScores, register


@register("raises")
def raises(case, settings):
    raise RuntimeError("boom from the method")


@register("nan_scores")
def nan_scores(case, settings):
    return EdgeScores({e.name: math.nan for e in case.universe.edges})


@register("unknown_edges")
def unknown_edges(case, settings):
    return EdgeScores({"blocks.9.hook_mlp_out->nowhere": 1.0})


@register("wrong_type")
def wrong_type(case, settings):
    return [0.5]


@register("edits_weights")
def edits_weights(case, settings):
    with torch.no_grad():
        case.model.W_U.mul_(2.0)
    return EdgeScores({e.name: 0.0 for e in case.universe.edges})


@register("leaves_a_hook")
def leaves_a_hook(case, settings):
    case.model.blocks[0].hook_mlp_out.add_hook(lambda activation, hook: activation)
    return EdgeScores({e.name: 0.0 for e in case.universe.edges})


@register("too_slow")
def too_slow(case, settings):
    time.sleep(30)
'''


def _run(project, *args):
    return project.runpytest_subprocess("suites/test_discovery.py", CASES, *args)


def _deterministic(results):
    """Results without what is measured rather than computed (time, CPU time, peak memory); passes stay."""
    def strip(result):
        result = {k: v for k, v in result.items() if k != "seconds"}
        if "cost" in result:
            result["cost"] = {k: v for k, v in result["cost"].items() if k not in ("peak_memory_mib", "cpu_seconds")}
        return result

    return [strip(r) for r in results]


def _results(path):
    return _deterministic(json.loads(Path(path).read_text())["results"])


@pytest.mark.subprocess
def test_unknown_method_fails_at_start_up_with_the_valid_names(project):
    result = _run(project, "--method=nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown method 'nope'; available: *ground_truth*random*"])


@pytest.mark.subprocess
def test_unknown_case_fails_at_start_up_with_the_valid_tags(project):
    result = project.runpytest_subprocess("suites", "--method=random", "--cases=nope")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown case id or tag 'nope'*paper16*"])


@pytest.mark.subprocess
def test_same_numbers_with_and_without_xdist(project):
    plain, parallel = project.path / "plain.json", project.path / "parallel.json"
    assert _run(project, "--method=ground_truth,random", f"--report-json={plain}").ret == 0
    result = _run(project, "--method=ground_truth,random", f"--report-json={parallel}", "-n", "2")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*interpbench results*", "*ground_truth*1.000*1.000*"])
    assert _results(plain) == _results(parallel)
    assert len(_results(plain)) == 4


@pytest.mark.subprocess
def test_broken_methods_fail_their_own_cases_and_the_report_is_written(project):
    (project.path / "method_plugins" / "broken.py").write_text(BROKEN_METHODS)
    report = project.path / "report.json"
    methods = "--method=raises,nan_scores,unknown_edges,wrong_type,edits_weights,leaves_a_hook,too_slow,ground_truth"
    result = _run(project, methods, f"--report-json={report}", "--method-timeout=2", "-n", "2")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.assert_outcomes(passed=2, failed=14)
    by_method = {}
    for entry in _results(report):
        by_method.setdefault(entry["method"], []).append(entry)
    assert all("metrics" in r for r in by_method["ground_truth"])
    assert "boom from the method" in by_method["raises"][0]["error"]
    assert "not finite" in by_method["nan_scores"][0]["error"]
    assert "unknown edge names" in by_method["unknown_edges"][0]["error"]
    assert "must return EdgeScores, NodeScores or Sweep" in by_method["wrong_type"][0]["error"]
    assert "changed the model's weights" in by_method["edits_weights"][0]["error"]
    assert "left 1 hooks attached" in by_method["leaves_a_hook"][0]["error"]
    assert "longer than the --method-timeout of 2 s" in by_method["too_slow"][0]["error"]


@pytest.mark.subprocess
def test_a_plugin_that_fails_to_import_is_named_when_its_method_is_asked_for(project):
    (project.path / "method_plugins" / "typo.py").write_text("import no_such_module_here\n")
    result = _run(project, "--method=typo_method")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*plugin that failed to load: *typo.py*no_such_module_here*"])
    assert _run(project, "--method=ground_truth").ret == 0  # the other methods still load


SWEEP_METHOD = '''
from interpbench_harness.methods import Sweep, register


@register("keeps_all_above")
def keeps_all_above(case, settings):
    edges = [e.name for e in case.universe.sorted_edges()]
    return Sweep({v: frozenset(edges if v < 1 else []) for v in settings.sweep})
'''


@pytest.mark.subprocess
def test_sweep_option_reaches_sweep_methods(project):
    (project.path / "method_plugins" / "sweeper.py").write_text(SWEEP_METHOD)
    report = project.path / "sweep.json"
    assert _run(project, "--method=keeps_all_above", "--sweep=0,0.5,2", f"--report-json={report}").ret == 0
    results = _results(report)
    assert [r["metrics"]["sweep_values"] for r in results] == [[0.0, 0.5, 2.0]] * 2
    assert all(r["metrics"]["edge"]["pessimistic_auroc"] == 0.0 for r in results)  # all-or-nothing: no area


@pytest.mark.subprocess
def test_bad_sweep_fails_at_start_up(project):
    result = _run(project, "--method=random", "--sweep=0,lots")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--sweep takes comma-separated numbers*'0,lots'*"])


@pytest.mark.subprocess
def test_min_auroc_fails_weak_cases_only(project):
    result = _run(project, "--method=ground_truth,random", "--min-auroc=0.99")
    result.assert_outcomes(passed=2, failed=2)  # random is far below 0.99 on cases 3 and 8
    result.stdout.fnmatch_lines(["*edge AUROC * is below --min-auroc 0.99*"])


UNSEEDED_METHOD = '''
import random
from interpbench_harness.methods import EdgeScores, register


@register("unseeded")
def unseeded(case, settings):
    # Finds the circuit, but adds an unseeded jitter: only the determinism check can fail.
    truth = {e.name for e in case.ground_truth.edges}
    return EdgeScores({e.name: (e.name in truth) + 1e-3 * random.random() for e in case.universe.edges})
'''


@pytest.mark.subprocess
def test_conformance_passes_the_oracle_and_catches_an_unseeded_method(project):
    (project.path / "method_plugins" / "unseeded.py").write_text(UNSEEDED_METHOD)
    result = project.runpytest_subprocess("suites/test_conformance.py", "--method=ground_truth,unseeded", "--conformance")
    result.assert_outcomes(passed=9 + 6, failed=3)  # the oracle passes all 9; unseeded fails determinism
    result.stdout.fnmatch_lines(["*two runs with the same seed differ*"])
    skipped = project.runpytest_subprocess("suites/test_conformance.py", "--method=ground_truth")
    skipped.assert_outcomes(skipped=9)  # 3 checks x 3 planted cases


@pytest.mark.subprocess
def test_model_sources_and_the_shipped_default(project):
    from interpbench_harness.store.shipped import shipped_case_ids

    siit, tracr = project.path / "siit.json", project.path / "tracr.json"
    result = project.runpytest_subprocess("suites/test_discovery.py", "--method=ground_truth", f"--report-json={siit}",
                                          "--collect-only", "-q")
    assert result.ret == 0
    shipped = shipped_case_ids()
    result.stdout.fnmatch_lines([f"*test_discovery[[]case-{shipped[0]}-ground_truth[]]*"])
    assert sum("test_discovery[" in line for line in result.stdout.lines) == len(shipped)

    assert _run(project, "--method=ground_truth", f"--report-json={siit}").ret == 0
    assert _run(project, "--method=ground_truth", "--model-source=tracr", f"--report-json={tracr}").ret == 0
    by_source = {}
    for path in (siit, tracr):
        for row in json.loads(path.read_text())["results"]:
            by_source.setdefault(row["case"], []).append((row["model_source"], row["model_origin"], row["model_sha256"]))
    for case_id in ("3", "8"):
        (siit_source, siit_origin, siit_sha), (tracr_source, tracr_origin, tracr_sha) = by_source[case_id]
        assert (siit_source, siit_origin, tracr_source, tracr_origin) == ("siit", "shipped", "tracr", "compiled")
        assert siit_sha != tracr_sha

    result = _run(project, "--method=random", "--model-source=pretrained")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown --model-source 'pretrained'; available: siit, tracr, natural*"])


def _with_auroc(report_path, method, value, out_path):
    """A copy of a report with `method`'s edge and node AUROCs set to `value` (a fake baseline)."""
    report = json.loads(Path(report_path).read_text())
    for result in report["results"]:
        if result["method"] == method:
            for level in ("edge", "node"):
                result["metrics"][level]["rank_auroc"] = value
    Path(out_path).write_text(json.dumps(report))
    return out_path


@pytest.mark.subprocess
def test_the_regression_gate_fails_the_run_and_names_the_drop(project):
    current = project.path / "current.json"
    assert _run(project, "--method=ground_truth,random", f"--save-baseline={current}").ret == 0
    better = _with_auroc(current, "random", 0.99, project.path / "better.json")

    reported = _run(project, "--method=ground_truth,random", f"--baseline={better}")
    assert reported.ret == 0  # without --fail-on-regression differences are only reported
    reported.stdout.fnmatch_lines(["*REGRESSION: AUROC below baseline*", "*random: mean edge AUROC*"])

    gated = _run(project, "--method=ground_truth,random", f"--baseline={better}", "--fail-on-regression=0.02", "-n", "2")
    assert gated.ret == pytest.ExitCode.TESTS_FAILED
    gated.stdout.fnmatch_lines(["*REGRESSION: AUROC more than 0.02 below baseline*",
                                "*random, case 3: edge AUROC 0.*, baseline 0.990 (down 0.* > 0.02)*"])
    assert "ground_truth" not in "".join(line for line in gated.stdout.lines if "down" in line)
    same = _run(project, "--method=ground_truth,random", f"--baseline={current}", "--fail-on-regression=0.0")
    assert same.ret == 0 and "no regression against baseline" in same.stdout.str()

    missing = _run(project, "--method=random", "--fail-on-regression=0.02")
    assert missing.ret == pytest.ExitCode.USAGE_ERROR
    missing.stderr.fnmatch_lines(["*--fail-on-regression needs --baseline*"])
    unknown = _run(project, "--method=random", "--baseline=77")
    assert unknown.ret == pytest.ExitCode.USAGE_ERROR
    unknown.stderr.fnmatch_lines(["*--baseline: no run or report file '77'*"])


@pytest.mark.subprocess
def test_shards_merge_to_the_unsharded_results(project):
    from interpbench_harness.report.json_report import read_report
    from interpbench_harness.report.merge import merge_reports

    whole = project.path / "whole.json"
    assert _run(project, "--method=ground_truth,random", f"--report-json={whole}").ret == 0
    shards = []
    for index in (1, 2, 3):
        path = project.path / f"shard{index}.json"
        result = _run(project, "--method=ground_truth,random", f"--report-json={path}", f"--shard={index}/3")
        assert result.ret == 0
        shards.append(path)
    parts = [read_report(p) for p in shards]
    assert sorted(len(p["results"]) for p in parts) == [1, 1, 2] and all(p["run"]["complete"] for p in parts)
    merged = merge_reports(parts, [str(p) for p in shards])
    assert _deterministic(merged["results"]) == _deterministic(read_report(whole)["results"])
    assert merged["run"]["complete"] and merged["models"] == read_report(whole)["models"]
    assert not merge_reports(parts[:2], ["a", "b"])["run"]["complete"]  # shard 3/3 missing

    bad = _run(project, "--method=random", "--shard=4/3")
    assert bad.ret == pytest.ExitCode.USAGE_ERROR
    bad.stderr.fnmatch_lines(["*--shard takes i/N with 1 <= i <= N*"])


INTERRUPTING_METHOD = '''
from interpbench_harness.methods import EdgeScores, register


@register("interrupts")
def interrupts(case, settings):
    if case.case_id == "8":
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C during this case
    return EdgeScores({e.name: 0.0 for e in case.universe.edges})
'''


@pytest.mark.subprocess
def test_an_interrupted_run_still_writes_a_report_marked_incomplete(project):
    (project.path / "method_plugins" / "interrupting.py").write_text(INTERRUPTING_METHOD)
    report = project.path / "partial.json"
    result = _run(project, "--method=interrupts", f"--report-json={report}", "--save-run")
    assert result.ret == pytest.ExitCode.INTERRUPTED
    written = json.loads(report.read_text())
    assert written["run"]["complete"] is False and written["run"]["expected_results"] == 2
    assert [(r["case"], r["outcome"]) for r in written["results"]] == [("3", "passed"), ("8", "not run")]
    assert "metrics" in written["results"][0] and "metrics" not in written["results"][1]
    result.stdout.fnmatch_lines(["*INCOMPLETE run: 1 of 2 results arrived*", "*--save-run: run 0001*"])


@pytest.mark.subprocess
def test_method_options_reach_the_method_and_costs_are_reported(project):
    report = project.path / "report.json"
    result = _run(project, "--method=eap_ig,random", "--method-option=eap_ig.steps=2", f"--report-json={report}")
    assert result.ret == 0
    result.stdout.fnmatch_lines(["*fwd/bwd passes*peak MiB*", "*eap_ig*3/2*"])
    data = json.loads(report.read_text())
    assert data["run"]["method_options"] == {"eap_ig": {"steps": 2}, "random": {}}  # as applied, every method
    for entry in data["results"]:
        passes = (entry["cost"]["forward_passes"], entry["cost"]["backward_passes"])
        assert passes == ((3, 2) if entry["method"] == "eap_ig" else (0, 0))  # 1 corrupted + 2 steps
        assert entry["cost"]["peak_memory_mib"] >= 0

    for bad, message in (("--method-option=eap_ig.steps", "takes METHOD.KEY=VALUE"),
                         ("--method-option=sp.epochs=3", "'sp', which is not in --method")):
        refused = _run(project, "--method=eap_ig", bad)
        assert refused.ret == pytest.ExitCode.USAGE_ERROR
        refused.stderr.fnmatch_lines([f"*{message}*"])
