import json
import re

import pytest

from interpbench_harness.cases.registry import get_case
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
    assert get_case("3").description[:40] in out and "2 cases; 2 compiled with an exact conversion" in out
    assert "2 match upstream InterpBench in every field" in out


def test_unknown_case_fails_with_the_valid_ids(capsys):
    assert main(["case", "999"]) == 2
    assert "valid ids: 1, 2, 3" in capsys.readouterr().err


@pytest.mark.training
def test_train_skips_finished_cases_and_reports_rejected_ones(capsys, tmp_path):
    args = ["train", "--cases", "8", "--out", str(tmp_path), "--max-steps", "20", "--batch-size", "64", "--quiet"]
    assert main(args) == 1  # 20 steps do not reach the criteria: a non-zero exit says so
    out = capsys.readouterr().out
    assert "case 8: NOT accepted after 20 steps" in out and "0 of 1 siit models accepted" in out
    manifest_path = tmp_path / "siit" / "case-8" / "manifest.json"
    created = json.loads(manifest_path.read_text())["created"]
    assert json.loads(manifest_path.read_text())["settings"]["batch_size"] == 64
    assert main(args) == 1  # resumed: the rejected entry is kept, not retrained
    assert json.loads(manifest_path.read_text())["created"] == created


def test_models_lists_the_shipped_models(capsys):
    from interpbench_harness.store.shipped import shipped_case_ids, store_summary

    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert f"{len(shipped_case_ids())} accepted siit models shipped" in out and "rejected (the row shows" in out
    assert "strict acc" in out and re.search(r"\n *8 +yes", out) and re.search(r"\n *ioi +yes", out)
    # IIA is a mean over aligned nodes; the weakest node's IIA stands beside it.
    manifest = min((m for m in store_summary() if m["accepted"] and m["case_id"].isdigit()),
                   key=lambda m: min(m["held_out"]["iia_per_node"].values()) - m["held_out"]["iia"])
    mean, weakest = manifest["held_out"]["iia"], min(manifest["held_out"]["iia_per_node"].values())
    row = re.search(rf"\n *{manifest['case_id']} +yes[^\n]*", out).group(0).split()
    assert row[row.index(format(mean, "g")) + 1] == format(weakest, "g")


def test_models_lists_another_store_and_refuses_a_folder_without_models(capsys, tmp_path):
    import shutil

    from interpbench_harness.store.entries import entry_dir
    from interpbench_harness.store.shipped import SHIPPED_ROOT

    shutil.copytree(entry_dir(SHIPPED_ROOT, "siit", "8"), entry_dir(tmp_path, "siit", "8"))
    assert main(["models", "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\n *8 +yes", out) and f"1 accepted siit models in {tmp_path}" in out
    assert main(["models", "--store", str(tmp_path / "nothing")]) == 2
    assert "no siit models under" in capsys.readouterr().err


def test_models_names_the_cases_without_a_model_or_an_attempt(capsys, tmp_path):
    import shutil

    from interpbench_harness.cases.registry import all_cases, origin_of
    from interpbench_harness.store.entries import entry_dir
    from interpbench_harness.store.shipped import SHIPPED_ROOT

    def store_case_8_as(case_id):
        shutil.copytree(entry_dir(SHIPPED_ROOT, "siit", "8"), entry_dir(tmp_path, "siit", case_id))
        manifest = entry_dir(tmp_path, "siit", case_id) / "manifest.json"
        manifest.write_text(manifest.read_text().replace('"case_id": "8"', f'"case_id": "{case_id}"'))

    interpbench = [c for c, spec in all_cases().items() if spec.supported and origin_of(spec) != "tracrbench"]
    for case_id in interpbench[:-2]:
        store_case_8_as(case_id)
    main(["models", "--store", str(tmp_path)])
    last_two = ", ".join(interpbench[-2:])
    expected = f"no siit model or attempt yet for 2 of the {len(interpbench)} InterpBench cases: {last_two}\n"
    assert expected in capsys.readouterr().out
    for case_id in interpbench[-2:]:
        store_case_8_as(case_id)
    main(["models", "--store", str(tmp_path)])
    assert f"every one of the {len(interpbench)} InterpBench cases has a siit model" in capsys.readouterr().out


def test_models_lists_unfinished_training_as_an_attempt(capsys, tmp_path):
    """A checkpoint the trainer left behind counts as an attempt, with how far it got."""
    import shutil

    import torch

    from interpbench_harness.siit.trainer import TrainingHistory, _save_checkpoint
    from interpbench_harness.store.entries import CHECKPOINT_SUFFIX, entry_dir
    from interpbench_harness.store.shipped import SHIPPED_ROOT

    shutil.copytree(entry_dir(SHIPPED_ROOT, "siit", "8"), entry_dir(tmp_path, "siit", "8"))
    model = torch.nn.Linear(2, 2)
    optimizer = torch.optim.Adam(model.parameters())
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)
    evaluation = {"step": 300, "seconds": 41.6, "accuracy": 0.99, "iia": 0.9312, "strict_accuracy": 0.985}
    history = TrainingHistory(evaluations=[{**evaluation, "step": 200}, evaluation])
    checkpoint = entry_dir(tmp_path, "siit", "2").with_name("case-2" + CHECKPOINT_SUFFIX)
    _save_checkpoint(checkpoint, "key", model, optimizer, schedule, torch.Generator(), history)
    entry_dir(tmp_path, "siit", "3").with_name("case-3" + CHECKPOINT_SUFFIX).write_text("not a checkpoint")

    assert main(["models", "--store", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert ("case 2: unfinished, step 300, 42 s: accuracy 0.9900, IIA 0.9312, strict accuracy 0.9850; "
            "`interpbench train` with the same settings resumes it") in out
    assert "case 3: unfinished, no evaluation yet (or an unreadable checkpoint)" in out
    missing, total = map(int, re.search(r"no siit model or attempt yet for (\d+) of the (\d+) InterpBench", out).groups())
    assert missing == total - 3  # case 8's model and the two unfinished runs


def test_export_writes_the_released_layout(capsys, tmp_path):
    assert main(["export", str(tmp_path), "--cases", "8", "--source", "tracr"]) == 0
    assert "1 cases exported" in capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "8").iterdir()) == ["edges.pkl", "ll_model.pth", "ll_model_cfg.pkl", "meta.json"]
    metadata = json.loads((tmp_path / "benchmark_metadata.json").read_text())["cases"]["8"]
    assert metadata["max_seq_len"] == 10 and metadata["transformer_cfg"]["n_layers"] == 1
    assert len((tmp_path / "SHA256SUMS").read_text().splitlines()) == 4


def test_missing_models_fail_with_the_command_to_run(capsys, tmp_path, monkeypatch):
    from interpbench_harness.store import entries, shipped

    monkeypatch.setattr(shipped, "SHIPPED_ROOT", tmp_path / "none")
    monkeypatch.setattr(entries, "user_store_root", lambda: tmp_path / "none-either")
    assert main(["export", str(tmp_path / "out"), "--cases", "8"]) == 2
    assert "interpbench train --cases 8 --source siit" in capsys.readouterr().err


def _fake_shipped_store(root, case_ids):
    """A shipped store holding accepted manifests only (enough for selecting cases by it)."""
    for case_id in case_ids:
        entry = root / "siit" / f"case-{case_id}"
        entry.mkdir(parents=True)
        (entry / "manifest.json").write_text(json.dumps({"case_id": case_id, "accepted": True}))


def test_cases_accepts_shipped(capsys, monkeypatch):
    from interpbench_harness import cli
    from interpbench_harness.store.shipped import select_cases, shipped_case_ids

    monkeypatch.setattr(cli, "case_summary", lambda spec: {"id": spec.case_id, "status": "ok"})  # no compiling
    assert main(["cases", "--cases", "shipped", "--json"]) == 0
    ids = [row["id"] for row in json.loads(capsys.readouterr().out)]
    assert ids == [spec.case_id for spec in select_cases(["shipped"])] and set(ids) == set(shipped_case_ids())
    assert main(["cases", "--cases", "shipped,tb-check-even", "--json"]) == 0
    assert {row["id"] for row in json.loads(capsys.readouterr().out)} == {*ids, "tb-check-even"}


def test_train_accepts_shipped_in_the_order_given(capsys, monkeypatch, tmp_path):
    from interpbench_harness.store import shipped, training

    _fake_shipped_store(tmp_path / "shipped", ["3", "8"])
    monkeypatch.setattr(shipped, "SHIPPED_ROOT", tmp_path / "shipped")
    trained = []

    def fake_train(spec, source, root, settings, progress, retry):  # selection only: nothing trains
        trained.append(spec.case_id)
        return {"accepted": True, "steps": 1, "training_seconds": 0.0,
                "held_out": {"accuracy": 1.0, "iia": 1.0, "strict_accuracy": 1.0}}

    monkeypatch.setattr(training, "train_into_store", fake_train)
    assert main(["train", "--cases", "8,shipped", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    assert trained == ["8", "3"]  # the order given, each case once
    assert "2 of 2 siit models accepted" in capsys.readouterr().out


def test_shipped_without_shipped_models_is_a_clear_error(capsys, monkeypatch, tmp_path):
    from interpbench_harness.store import shipped, training

    monkeypatch.setattr(shipped, "SHIPPED_ROOT", tmp_path / "empty")
    monkeypatch.setattr(training, "train_into_store", lambda *args, **kwargs: pytest.fail("nothing may train"))
    for command in (["train", "--cases", "shipped"], ["cases", "--cases", "shipped"],
                    ["export", str(tmp_path / "out")]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert "'shipped' selects no case" in err and str(tmp_path / "empty") in err and "interpbench train" in err


def test_a_bug_keeps_its_traceback_while_a_bad_case_gets_one_line(capsys, monkeypatch):
    import interpbench_harness.cli as cli

    assert main(["cases", "--cases", "nope"]) == 2
    assert capsys.readouterr().err.startswith("interpbench cases: unknown case id or tag 'nope'")

    def buggy(args):
        return {}["a_key_a_bug_forgot"]

    monkeypatch.setattr(cli, "_runs_command", buggy)
    with pytest.raises(KeyError, match="a_key_a_bug_forgot"):  # not swallowed into a one-word message
        main(["runs"])


@pytest.mark.subprocess
def test_a_closed_pipe_ends_the_output_quietly():
    import subprocess
    import sys

    process = subprocess.Popen([sys.executable, "-m", "interpbench_harness.cli", "models"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the first line, as `| head -0` would be
    stderr = process.stderr.read().decode()
    assert process.wait() == 141
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr
