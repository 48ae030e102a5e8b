"""Stored runs, the regression rule, shard partitions and merge refusals, without running pytest."""

import pytest

from interpbench_harness.report import runs
from interpbench_harness.report.json_report import build_report
from interpbench_harness.report.merge import merge_reports
from interpbench_harness.report.regression import find_regressions
from interpbench_harness.sharding import in_shard, parse_shard


def result(case, method, auroc, sha="abc"):
    metrics = {"kind": "edge_scores", "edge": {"rank_auroc": auroc}, "node": {"rank_auroc": auroc}}
    return {"case": case, "method": method, "metrics": metrics, "seconds": 0.1, "model_sha256": sha,
            "model_origin": "shipped"}


def report(results, **run):
    return build_report(results, {"methods": "m", "cases": "3,8", "model_source": "siit", "samples": 10, "seed": 0,
                                  "sweep": [0.0], "complete": True, **run})


def test_runs_get_increasing_ids_and_resolve_by_id_latest_or_path(tmp_path):
    first = runs.save_run(report([result("3", "m", 0.5)]), tmp_path)
    second = runs.save_run(report([result("3", "m", 0.7)]), tmp_path)
    assert (first, second) == ("0001", "0002")
    assert runs.resolve_run("latest", tmp_path).name == "0002.json"
    assert runs.load_run("1", tmp_path)["results"][0]["metrics"]["edge"]["rank_auroc"] == 0.5
    assert runs.resolve_run(str(tmp_path / "0001.json"), tmp_path) == tmp_path / "0001.json"
    assert [row[0] for row in runs.run_rows(tmp_path)] == ["0001", "0002"]
    with pytest.raises(FileNotFoundError, match="stored runs in .*: 0001, 0002"):
        runs.resolve_run("9", tmp_path)


def test_regressions_name_each_case_and_the_mean_and_count_new_failures():
    baseline = report([result("3", "m", 0.9), result("8", "m", 0.8), result("3", "other", 0.5)])
    current = report([result("3", "m", 0.85), result("8", "m", 0.79),
                      {"case": "3", "method": "other", "outcome": "crashed", "error": "boom", "seconds": 0.0}])
    problems = find_regressions(current, baseline, margin=0.02)
    edge = [p for p in problems if "edge" in p or "failed" in p]
    assert "m, case 3: edge AUROC 0.850, baseline 0.900 (down 0.050 > 0.02)" in edge
    assert not any("case 8: edge" in p for p in problems)  # 0.01 is within the margin
    assert "m: mean edge AUROC 0.820 over 2 cases, baseline 0.850 (down 0.030 > 0.02)" in edge
    assert "other, case 3: crashed now, no score (edge AUROC was 0.500)" in problems
    assert find_regressions(baseline, baseline, margin=0.0) == []


def test_shards_partition_the_pairs():
    pairs = [(case, method) for case in ("3", "8", "14", "46", "100") for method in ("eap", "random", "acdc")]
    parts = [in_shard(pairs, (i, 4)) for i in range(1, 5)]
    assert sorted(sum(parts, [])) == sorted(pairs) and sum(map(len, parts)) == len(pairs)
    assert in_shard(list(reversed(pairs)), (2, 4)) == parts[1]  # collection order does not matter
    assert parse_shard("2/4") == (2, 4)
    for bad in ("0/4", "5/4", "1-4", ""):
        with pytest.raises(ValueError, match="i/N"):
            parse_shard(bad)


def test_merge_refuses_reports_from_different_runs():
    a = report([result("3", "m", 0.5)], shard="1/2")
    with pytest.raises(ValueError, match="differ in seed"):
        merge_reports([a, report([result("8", "m", 0.5)], shard="2/2", seed=1)], ["a.json", "b.json"])
    with pytest.raises(ValueError, match="case 3 ran on different models"):
        merge_reports([a, report([result("3", "n", 0.5, sha="def")], shard="2/2")], ["a.json", "b.json"])
    with pytest.raises(ValueError, match="more than one report with different results"):
        merge_reports([a, report([result("3", "m", 0.6)], shard="2/2")], ["a.json", "b.json"])
    packages = report([result("8", "m", 0.5)], shard="2/2")
    packages["run"]["packages"] = {**packages["run"]["packages"], "torch": "0.0"}
    with pytest.raises(ValueError, match="differ in packages"):
        merge_reports([a, packages], ["a.json", "b.json"])
