"""The full-run estimate: which cases a stratified sample runs, and how their timings scale up."""

import pytest

from interpbench_harness.graph import universe
from interpbench_harness.report.full_run import estimate, plan, result_seconds, sampled_cases, size_proxy

SIZES = {str(i): i * 10 for i in range(1, 21)}  # 20 cases; "19" and "20" are the largest


def _result(case_id, method, cpu=None, seconds=1.0, scored=True):
    result = {"case": case_id, "method": method, "seconds": seconds, "cost": {}}
    if cpu is not None:
        result["cost"]["cpu_seconds"] = cpu
    if scored:
        result["metrics"] = {}
    else:
        result["error"] = "RuntimeError: failed"
    return result


def test_size_proxy_is_edges_times_positions_times_width():
    config = {"n_layers": 2, "n_heads": 4, "n_ctx": 5, "d_model": 13}
    assert size_proxy(config) == len(universe(2, 4).edges) * 5 * 13 == 53 * 65


def test_plan_keeps_the_largest_and_splits_the_rest_into_equal_strata():
    sample = plan(SIZES, strata=3, per_stratum=2, certain=2, seed=0)
    assert sample["certain"] == ["19", "20"]
    strata = [stratum["cases"] for stratum in sample["strata"]]
    assert [len(cases) for cases in strata] == [6, 6, 6]
    assert sorted(c for cases in strata for c in cases) == sorted(str(i) for i in range(1, 19))
    assert all(SIZES[a] < SIZES[b] for low, high in zip(strata, strata[1:]) for a in low for b in high)
    assert all(len(s["sampled"]) == 2 and set(s["sampled"]) <= set(s["cases"]) for s in sample["strata"])
    assert plan(SIZES, 3, 2, 2, seed=0) == sample  # seeded
    assert len(sampled_cases(sample)) == 8


def test_a_small_stratum_is_run_whole_and_bad_settings_are_refused():
    sample = plan({"a": 1, "b": 2}, strata=1, per_stratum=5, certain=0)
    assert sample["strata"] == [{"cases": ["a", "b"], "sampled": ["a", "b"]}]
    with pytest.raises(ValueError, match="at least 1"):
        plan(SIZES, strata=0)


def test_equal_times_scale_exactly_and_certain_cases_count_as_measured():
    sample = plan(SIZES, strata=3, per_stratum=2, certain=2, seed=1)
    results = [_result(c, "m", cpu=2.0) for c in sampled_cases(sample) if c not in ("19", "20")]
    results += [_result("19", "m", cpu=100.0), _result("20", "m", cpu=300.0)]
    figures = estimate(results, sample, workers=2)["m"]
    assert figures["estimated_total_seconds"] == 18 * 2.0 + 400.0
    assert figures["standard_error_seconds"] == 0.0
    assert figures["longest_pair_seconds"] == 300.0
    assert figures["wall_seconds_at_least"] == 300.0  # one worker holds case 20 the whole time
    assert figures["wall_seconds_at_most"] == 436 / 2 + 150.0
    assert sum(part["share"] for part in figures["strata"]) == pytest.approx(1.0, abs=0.01)


def test_the_estimate_is_the_stratum_mean_times_its_size_with_a_spread():
    sample = {"certain": [], "strata": [{"cases": ["a", "b", "c", "d"], "sampled": ["a", "b"]}], "seed": 0}
    figures = estimate([_result("a", "m", cpu=1.0), _result("b", "m", cpu=3.0)], sample, workers=1)["m"]
    assert figures["estimated_total_seconds"] == 8.0  # mean 2 x 4 cases
    # N^2 (1 - n/N) s^2 / n = 16 x 0.5 x 2 / 2
    assert figures["standard_error_seconds"] == pytest.approx(round(8 ** 0.5, 1))


def test_cpu_seconds_are_preferred_and_a_missing_score_gives_no_estimate():
    assert result_seconds(_result("a", "m", cpu=0.5, seconds=9.0)) == 0.5
    assert result_seconds(_result("a", "m", seconds=9.0)) == 9.0  # a report without CPU time
    assert result_seconds(_result("a", "m", scored=False)) is None
    sample = {"certain": ["x"], "strata": [{"cases": ["a", "b"], "sampled": ["a"]}], "seed": 0}
    results = [_result("a", "m", cpu=1.0), _result("x", "m", scored=False), _result("a", "n", cpu=1.0),
               _result("x", "n", cpu=4.0)]
    figures = estimate(results, sample)
    assert figures["m"] == {"missing": ["x"]}
    assert figures["n"]["estimated_total_seconds"] == 6.0


def test_the_script_estimates_from_reports_with_an_earlier_plan(tmp_path, capsys):
    import importlib.util
    import json
    from pathlib import Path

    from interpbench_harness.report.json_report import build_report, write_report

    spec = importlib.util.spec_from_file_location("full_run_script", Path(__file__).parent.parent / "benchmarks" / "full_run.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    sizes = {"a": 1, "b": 2, "c": 3, "big": 100}
    sample = plan(sizes, strata=1, per_stratum=2, certain=1, seed=0)
    (tmp_path / "plan.json").write_text(json.dumps({"plan": sample, "sizes": sizes}))
    results = [_result(case_id, "m", cpu=2.0) for case_id in sampled_cases(sample)]
    write_report(tmp_path / "run.json", build_report(results, {"complete": True}))
    out = tmp_path / "estimate.json"
    assert script.main([f"--plan={tmp_path / 'plan.json'}", f"--from-report={tmp_path / 'run.json'}", "--methods=m",
                        f"--out={out}"]) == 0
    written = json.loads(out.read_text())
    assert written["population"] == 4 and written["plan"] == sample
    assert written["estimates"]["m"]["estimated_total_seconds"] == 8.0  # 2 s x 4 cases
    assert "m " in capsys.readouterr().out
