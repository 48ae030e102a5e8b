import json

from interpbench_harness.cli import main


def test_case_shows_the_ground_truth(capsys):
    assert main(["case", "3"]) == 0
    out = capsys.readouterr().out
    assert "ground truth: 4 of 6 nodes, 4 of 14 edges" in out
    assert "blocks.0.hook_mlp_out -> blocks.1.attn.hook_result[0]   (via v)" in out
    assert "blocks.0.hook_resid_pre -> blocks.1.attn.hook_result[0]   (via k, q)" in out


def test_cases_json_has_model_and_ground_truth_sizes(capsys):
    assert main(["cases", "--cases", "ci", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["id"] for row in rows] == ["3", "8", "14", "46"]
    for row in rows:
        assert row["status"] == "ok"
        assert row["gt_nodes"] <= row["universe_nodes"] and row["gt_edges"] <= row["universe_edges"]
        assert {"layers", "heads", "d_model", "description", "kind", "attention"} <= set(row)


def test_cases_table(capsys):
    assert main(["cases", "--cases", "3,8"]) == 0
    out = capsys.readouterr().out
    assert "Running fraction of 'x'" in out and "2 cases; 2 compiled with an exact conversion." in out


def test_unknown_case_fails_with_the_valid_ids(capsys):
    assert main(["case", "999"]) == 2
    assert "valid ids: 1, 2, 3" in capsys.readouterr().err
