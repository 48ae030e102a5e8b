"""`interpbench compare`: per-case differences and paired statistics, run against run and method against method."""

import json

from interpbench_harness.cli import main
from interpbench_harness.report.compare import compare_methods, compare_runs
from interpbench_harness.report.json_report import build_report

A_SCORES = {"3": 0.70, "4": 0.60, "8": 0.90, "11": 0.50, "13": 0.80, "14": 0.65}
B_SCORES = {"3": 0.80, "4": 0.75, "8": 0.95, "11": 0.70, "13": 0.86, "14": 0.92}  # no tied differences


def report(scores_by_method):
    results = []
    for method, scores in scores_by_method.items():
        for case, auroc in scores.items():
            level = {"rank_auroc": auroc}
            results.append({"case": case, "method": method, "seconds": 0.1,
                            "metrics": {"kind": "edge_scores", "edge": level, "node": level}})
    run = {"methods": ",".join(scores_by_method), "cases": "x", "model_source": "siit", "samples": 10, "seed": 0,
           "sweep": [0.0], "complete": True}
    return build_report(results, run)


def test_run_against_run_pairs_cases_and_reports_the_statistics():
    before = report({"eap": A_SCORES, "random": {"3": 0.5}})
    after = report({"eap": B_SCORES, "acdc": {"3": 0.9}})
    case_rows, summary = compare_runs(before, after)
    assert ["eap", "3", "0.700", "0.800", "+0.100"] in case_rows
    assert {row[0] for row in case_rows} == {"eap"}  # only methods present in both runs
    (label, n, mean_a, mean_b, difference, p_value, a12, interval, method), = summary
    assert (label, n, mean_a, mean_b, difference) == ("eap", 6, "0.692", "0.830", "+0.138")
    assert float(p_value) == 2 / 2**6 and method == "exact"  # every one of 6 differences positive
    low, high = (float(x) for x in interval.strip("[]").split(","))
    assert 0 < low <= 0.138 <= high
    assert a12 == f"{sum((b > a) + 0.5 * (b == a) for b in B_SCORES.values() for a in A_SCORES.values()) / 36:.3f}"


def test_methods_within_a_run_and_the_cli(tmp_path, capsys):
    one_run = report({"eap": A_SCORES, "eap_ig": B_SCORES, "random": {c: 0.5 for c in A_SCORES}})
    _, summary = compare_methods(one_run, ["eap", "eap_ig", "random"])
    assert [row[0] for row in summary] == ["eap_ig vs eap", "random vs eap"]
    path = tmp_path / "run.json"
    path.write_text(json.dumps(one_run))
    assert main(["compare", str(path), "--methods", "eap,eap_ig"]) == 0
    out = capsys.readouterr().out
    assert "Wilcoxon p" in out and "eap_ig vs eap" in out and "A12 (B > A)" in out
    assert main(["compare", str(path), "--methods", "eap,sp"]) == 2
    assert "method sp is not in this run" in capsys.readouterr().err
    assert main(["compare", str(path)]) == 2
    assert "give two runs" in capsys.readouterr().err
