"""The realism checks: each measurement on models whose answer is known, the table and HTML
section, and the suite run for real on case 3."""

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.compiled_cases import cache_root
from interpbench_harness.graph import Circuit, mlp_node
from interpbench_harness.realism import (
    acdc_accuracy_curve,
    correlations_with_reference,
    ground_truth_accuracy,
    node_effects,
    pearson,
    realism_table,
    weight_histogram,
)
from interpbench_harness.report.html_page import render_html
from interpbench_harness.report.json_report import build_report
from interpbench_harness.store import entries, shipped

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parents[1]
CASE = "3"  # 2 layers; its compiled model has a head and an MLP outside the ground truth
SUITE_CASE = "14"  # shipped with a SIIT model but no natural one, so the suite tests choose what the store holds
COMPILED_CACHE = cache_root()  # read before pytester points HOME at a temporary folder


@pytest.fixture
def tracr_case():
    return load_benchmark_case(get_case(CASE), "tracr", 200)


def test_a_node_whose_output_is_zeroed_has_no_effect(tracr_case):
    mlp = mlp_node(0).name
    assert node_effects(tracr_case)["circuit"][mlp] > 0.3
    with torch.no_grad():
        tracr_case.model.blocks[0].mlp.W_out.zero_()
        tracr_case.model.blocks[0].mlp.b_out.zero_()
    effects = node_effects(tracr_case)
    assert effects["circuit"][mlp] == 0.0
    assert effects["non_circuit"] == {"blocks.0.attn.hook_result[0]": 0.0, "blocks.1.hook_mlp_out": 0.0}
    assert effects["non_circuit_stats"] == {"n": 2, "mean": 0.0, "median": 0.0, "max": 0.0}


def test_ground_truth_circuit_accuracy_is_one_when_nothing_outside_it_matters(tracr_case):
    assert ground_truth_accuracy(tracr_case) == {"accuracy": 1.0, "ablated_nodes": 2}  # tracr's circuit is exact
    everything = dataclasses.replace(tracr_case, ground_truth=tracr_case.universe)
    assert ground_truth_accuracy(everything) == {"accuracy": 1.0, "ablated_nodes": 0}
    nothing = dataclasses.replace(tracr_case, ground_truth=Circuit(frozenset(), frozenset()))
    emptied = ground_truth_accuracy(nothing)
    assert emptied["ablated_nodes"] == 4 and emptied["accuracy"] < 0.9


def test_acdc_curve_runs_from_the_whole_model_to_the_empty_circuit(tracr_case):
    curve = acdc_accuracy_curve(tracr_case, [0.0, 0.01, 1000.0])
    assert curve["universe_edges"] == 14 and curve["edges_kept"][0] == 14 and curve["edges_kept"][-1] == 0
    assert curve["accuracy"][:2] == [1.0, 1.0]  # the circuit kept at 0.01 is still the whole computation
    assert curve["accuracy"][-1] < 0.9


def test_pearson_and_the_correlations_with_the_natural_curve():
    assert pearson([1.0, 0.5, 0.2], [1.0, 0.5, 0.2]) == pytest.approx(1.0)
    assert pearson([1.0, 0.5, 0.2], [0.0, 0.5, 0.8]) == pytest.approx(-1.0)
    assert pearson([1.0, 1.0, 1.0], [1.0, 0.5, 0.2]) is None  # a constant curve has no correlation
    curves = {"siit": [1.0, 0.6, 0.2], "natural": [1.0, 0.5, 0.2], "tracr": [1.0, 1.0, 1.0]}
    correlations = correlations_with_reference(curves)
    assert set(correlations) == {"siit", "tracr"} and correlations["siit"] > 0.98 and correlations["tracr"] is None
    assert correlations_with_reference({"siit": [1.0, 0.5], "tracr": [1.0, 0.0]}) == {}


def test_weight_histogram_counts_every_weight_matrix_once(tracr_case):
    histogram = weight_histogram(tracr_case.model)
    matrices = [p for name, p in tracr_case.model.named_parameters() if ".W_" in f".{name}"]
    assert histogram["n"] == sum(p.numel() for p in matrices)
    assert sum(histogram["counts"]) + histogram["zero"] + histogram["below"] + histogram["above"] == histogram["n"]
    assert histogram["zero"] == sum(int((p == 0).sum()) for p in matrices)
    assert histogram["zero_fraction"] > 0.9 and histogram["max_abs"] == 100.0  # tracr: sparse, a few large weights


def _entries():
    kinds = ("siit", "natural", "tracr")
    effect = {"circuit": {"blocks.0.hook_mlp_out": 0.5}, "non_circuit": {"blocks.1.hook_mlp_out": 0.01},
              "circuit_stats": {"n": 1, "mean": 0.5, "median": 0.5, "max": 0.5},
              "non_circuit_stats": {"n": 1, "mean": 0.01, "median": 0.01, "max": 0.01}}
    curves = {"siit": [1.0, 0.6, 0.2], "natural": [1.0, 0.5, 0.2], "tracr": [1.0, 1.0, 0.5]}
    histogram = {"counts": [1, 2], "zero": 1, "below": 0, "above": 0, "n": 4, "zero_fraction": 0.25, "std": 0.5}
    return [
        {"case": "3", "check": "node_effect", "kinds": {k: effect for k in kinds}, "missing": {}},
        {"case": "3", "check": "ground_truth_accuracy", "kinds": {k: {"accuracy": 0.75} for k in kinds}, "missing": {}},
        {"case": "3", "check": "weights", "kinds": {k: histogram for k in kinds}, "missing": {},
         "magnitude_edges": [0.01, 0.1, 1.0]},
        {"case": "3", "check": "acdc", "kinds": {k: {"accuracy": c} for k, c in curves.items()}, "missing": {},
         "thresholds": [0.0, 0.1, 1.0], "correlation_with_natural": correlations_with_reference(curves)},
        {"case": "8", "check": "acdc", "kinds": {"siit": {"accuracy": [1.0, 0.5, 0.5]}},
         "missing": {"natural": "train it with `interpbench train --source natural`"}, "thresholds": [0.0, 0.1, 1.0],
         "correlation_with_natural": {}},
    ]


def test_the_table_shows_each_kind_the_missing_models_and_the_mean_correlations():
    table = realism_table(_entries())
    assert "0.5000 [0.500]" in table and "0.750" in table and "25.0%" in table
    assert "case 8: no natural model: train it with `interpbench train --source natural`" in table
    r_siit = correlations_with_reference({"siit": [1.0, 0.6, 0.2], "natural": [1.0, 0.5, 0.2]})["siit"]
    assert f"siit vs natural: mean r {r_siit:.3f} over 1 case(s) (paper: 0.92 over 11)" in table


def test_the_html_section_draws_every_plot_and_a_realism_only_report_has_no_discovery_sections():
    run = {"methods": "", "cases": "3,8", "model_source": "siit", "samples": 100, "seed": 0, "sweep": [0.0]}
    page = render_html(build_report([], run, realism=_entries()))
    assert "id='realism-summary'" in page and "id='summary'" not in page and "<script" not in page
    assert page.count("class='node-effect plot'") == 1 and page.count("class='weights plot'") == 1
    assert page.count("class='acdc plot'") == 2 and "no natural model: no correlation" in page
    assert "class='warn'>case 8: no natural model" in page


def _project(pytester, monkeypatch, with_natural: bool):
    """The realism suite in a folder of its own, with a user store that has (or lacks) a natural
    model of SUITE_CASE: a copy of the shipped SIIT model, so its curve must equal the SIIT one."""
    (pytester.path / "suites").mkdir()
    shutil.copy(REPO / "suites" / "test_realism.py", pytester.path / "suites")
    pytester.makeini("[pytest]\naddopts = -p no:cacheprovider\n")
    pytester.makeconftest('pytest_plugins = ["interpbench_harness.plugin"]')  # as the checkout's conftest.py
    cache = pytester.path / "cache"
    cache.mkdir()
    COMPILED_CACHE.mkdir(parents=True, exist_ok=True)
    (cache / "compiled").symlink_to(COMPILED_CACHE)  # the cases compiled so far, not compiled again
    if with_natural:
        shutil.copytree(entries.entry_dir(shipped.SHIPPED_ROOT, "siit", SUITE_CASE),
                        entries.entry_dir(cache / "trained", "natural", SUITE_CASE))
    monkeypatch.setenv("INTERPBENCH_CACHE_DIR", str(cache))
    return pytester


def _realism_run(project, *args):
    report = project.path / "report.json"
    result = project.runpytest_subprocess("suites/test_realism.py", "--realism", f"--cases={SUITE_CASE}", "--samples=64",
                                          "--sweep=0,0.001,0.1,1000", f"--report-json={report}", "-rs", *args)
    return result, json.loads(report.read_text())


@pytest.mark.subprocess
def test_the_suite_measures_all_three_kinds(pytester, monkeypatch):
    result, report = _realism_run(_project(pytester, monkeypatch, with_natural=True))
    result.assert_outcomes(passed=4)
    entries = {entry["check"]: entry for entry in report["realism"]}
    assert set(entries) == {"node_effect", "ground_truth_accuracy", "weights", "acdc"}
    assert all(set(entry["kinds"]) == {"siit", "natural", "tracr"} and not entry["missing"] for entry in entries.values())
    acdc = entries["acdc"]
    assert acdc["thresholds"] == [0.0, 0.001, 0.1, 1000.0]
    assert acdc["kinds"]["natural"]["accuracy"] == acdc["kinds"]["siit"]["accuracy"]
    assert acdc["correlation_with_natural"]["siit"] == pytest.approx(1.0)
    assert "siit vs natural: mean r 1.000 over 1 case(s)" in result.stdout.str()


@pytest.mark.subprocess
def test_a_missing_kind_is_named_with_its_command_and_the_others_are_measured(pytester, monkeypatch):
    project = _project(pytester, monkeypatch, with_natural=False)
    result, report = _realism_run(project)
    result.assert_outcomes(skipped=4)
    result.stdout.fnmatch_lines([f"*No natural model*interpbench train --source natural --cases={SUITE_CASE}*"])
    assert {entry["check"] for entry in report["realism"]} == {"node_effect", "ground_truth_accuracy", "weights", "acdc"}
    for entry in report["realism"]:
        assert set(entry["kinds"]) == {"siit", "tracr"} and set(entry["missing"]) == {"natural"}
    assert project.runpytest_subprocess("suites/test_realism.py", f"--cases={SUITE_CASE}").parseoutcomes() == {"skipped": 4}
