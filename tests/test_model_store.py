"""The model store (`store.entries`, `shipped`, `training`, `resolution`): training into it end to
end, resolution order, hashes, staleness, locking."""

import json
import multiprocessing
import os
from pathlib import Path

import pytest
import torch

from interpbench_harness.cases.registry import get_case
from interpbench_harness.siit import TRAINER_VERSION, TrainingSettings, evaluate
from interpbench_harness.store import entries, integrity, policy, released, resolution, training
from interpbench_harness.store import shipped as shipped_store
from interpbench_harness.store.integrity import CorruptModelError
from interpbench_harness.store.resolution import ModelNotAvailable, resolve_model

CASE = "3"  # one head and one MLP: trains to the criteria in a few hundred steps


@pytest.fixture
def stores(tmp_path, monkeypatch):
    """Empty shipped and user stores, no released folder and no hub cache."""
    shipped = tmp_path / "shipped"
    monkeypatch.setattr(shipped_store, "SHIPPED_ROOT", shipped)
    monkeypatch.setattr(entries, "user_store_root", lambda: tmp_path / "user")
    monkeypatch.delenv(resolution.RELEASED_DIR_ENV, raising=False)
    monkeypatch.delenv(resolution.HF_CACHE_ENV, raising=False)
    monkeypatch.delenv(resolution.MODEL_STORE_ENV, raising=False)
    return shipped, tmp_path / "user"


def fake_entry(root: Path, compiled, source="siit", accepted=True, **overrides):
    """A store entry holding the compiled model's weights (any shape serves for resolution)."""
    manifest = {
        "case_id": compiled.spec.case_id,
        "source": source,
        "accepted": accepted,
        "config": compiled.config,
        "pad_token_id": compiled.config["pad_token_id"],
        "bos_token_id": compiled.config["bos_token_id"],
        "compiled_fingerprint": integrity.compiled_fingerprint(compiled),
        "trainer_version": TRAINER_VERSION,
        "weights_sha256": integrity.state_dict_sha256(compiled.weights),
        "held_out": {"accuracy": 0.5, "iia": 0.5, "strict_accuracy": 0.5},
        "steps": 1,
        **overrides,
    }
    entry = entries.entry_dir(root, source, compiled.spec.case_id)
    return entry, entries.write_entry(entry, compiled.weights, manifest)


@pytest.mark.training
def test_training_a_case_end_to_end_gives_an_accepted_verified_model(stores, compiled_case):
    _, user = stores
    compiled = compiled_case(CASE)
    manifest = training.train_into_store(get_case(CASE), root=user, progress=False)
    assert manifest["accepted"] and manifest["steps"] <= TrainingSettings().max_steps
    for split in ("held_out", "benchmark_data"):
        assert min(manifest[split][k] for k in ("accuracy", "iia", "strict_accuracy")) >= 0.995
    assert manifest["settings"]["seed"] == 0 and manifest["trainer_version"] == TRAINER_VERSION
    assert manifest["config"]["n_heads"] == 4 and manifest["tracr_d_model"] == compiled.config["d_model"]
    entry = entries.entry_dir(user, "siit", CASE)
    assert manifest["sha256"][entries.MODEL_FILE] == integrity.sha256_file(entry / entries.MODEL_FILE)
    assert manifest["steps"] > 100 and not list(user.glob("siit/*" + entries.CHECKPOINT_SUFFIX))  # used, then removed

    stored = resolve_model(get_case(CASE))
    assert stored.origin == "user-store" and stored.weights_sha256 == manifest["weights_sha256"]
    assert evaluate(compiled, stored.model, n_samples=300)["accuracy"] >= 0.995
    again = training.train_into_store(get_case(CASE), root=user, progress=False)  # resumable: kept
    assert again["created"] == manifest["created"]


def test_shipped_models_win_over_the_user_store(stores, compiled_case):
    shipped, user = stores
    compiled = compiled_case(CASE)
    fake_entry(user, compiled)
    assert resolve_model(get_case(CASE)).origin == "user-store"
    fake_entry(shipped, compiled)
    assert resolve_model(get_case(CASE)).origin == "shipped"


def test_an_experiment_store_is_used_alone(stores, compiled_case, monkeypatch, tmp_path):
    shipped, user = stores
    compiled = compiled_case(CASE)
    fake_entry(shipped, compiled)
    fake_entry(user, compiled)
    experiment = tmp_path / "experiment"
    monkeypatch.setenv(resolution.MODEL_STORE_ENV, str(experiment))
    with pytest.raises(ModelNotAvailable, match="INTERPBENCH_MODEL_STORE.*unset"):  # no fallback to shipped
        resolve_model(get_case(CASE), train_missing=True)
    fake_entry(experiment, compiled, steps=7)
    stored = resolve_model(get_case(CASE))
    assert stored.origin == f"store {experiment}" and stored.manifest["steps"] == 7


def test_a_damaged_shipped_file_is_refused_not_used(stores, compiled_case):
    shipped, _ = stores
    entry, _ = fake_entry(shipped, compiled_case(CASE))
    with open(entry / entries.MODEL_FILE, "r+b") as handle:
        handle.seek(200)
        handle.write(b"\x00\x01\x02")
    with pytest.raises(CorruptModelError, match="Reinstall"):
        resolve_model(get_case(CASE))


def test_a_damaged_user_file_is_refused_or_rebuilt(stores, compiled_case, monkeypatch):
    _, user = stores
    compiled = compiled_case(CASE)
    entry, _ = fake_entry(user, compiled)
    (entry / entries.MODEL_FILE).write_bytes(b"not safetensors")
    with pytest.raises(CorruptModelError, match="--train-missing"):
        resolve_model(get_case(CASE))
    trained = []

    def fake_training(compiled, source, entry, settings, progress, previous=None):
        trained.append(compiled.spec.case_id)
        return fake_entry(entry.parent.parent, compiled, source)[1]

    monkeypatch.setattr(training, "_train_and_write", fake_training)
    stored = resolve_model(get_case(CASE), train_missing=True)
    assert trained == [CASE] and stored.origin == "trained-now"



def test_a_truncated_shipped_manifest_fails_only_its_own_case(stores, compiled_case, capsys):
    """One damaged shipped manifest: the others are still listed and selected; resolving the
    damaged case, or `interpbench models`, names the file and the one remedy."""
    from interpbench_harness import cli

    shipped, _ = stores
    compiled = compiled_case(CASE)
    _, manifest = fake_entry(shipped, compiled)
    complete = {"training_seconds": 1.0, "benchmark_data": {"mean_non_circuit_effect": 0.0},
                "held_out": {"accuracy": 1.0, "iia": 1.0, "strict_accuracy": 1.0, "iia_per_node": {}}}
    entries.write_entry(entries.entry_dir(shipped, "siit", "8"), compiled.weights,
                            {**manifest, **complete, "case_id": "8"})  # another case's intact entry
    damaged = entries.entry_dir(shipped, "siit", CASE) / entries.MANIFEST_FILE
    damaged.write_text(damaged.read_text()[:40])  # truncated mid-way: not JSON any more

    rows = {m["case_id"]: m for m in shipped_store.store_summary("siit")}
    assert rows["8"]["accepted"] and "damaged" not in rows["8"]
    assert str(damaged) in rows[CASE]["damaged"] and "Reinstall interpbench-harness" in rows[CASE]["damaged"]
    assert shipped_store.shipped_case_ids("siit") == [CASE, "8"]  # the damaged case is run, and fails alone
    with pytest.raises(CorruptModelError) as error:
        resolve_model(get_case(CASE))
    message = str(error.value)
    assert str(damaged) in message and "Reinstall interpbench-harness" in message
    assert "delete" not in message.lower()  # one remedy, the one for a shipped file

    assert cli.main(["models"]) == 1
    out = capsys.readouterr().out
    assert f"case {CASE} DAMAGED: {damaged}" in out and "Reinstall interpbench-harness" in out
    assert "1 accepted siit models" in out

def test_stale_and_rejected_entries_are_skipped_with_reasons(stores, compiled_case):
    shipped, user = stores
    compiled = compiled_case(CASE)
    fake_entry(shipped, compiled, compiled_fingerprint="another program")
    fake_entry(user, compiled, accepted=False)
    with pytest.raises(ModelNotAvailable) as error:
        resolve_model(get_case(CASE))
    message = str(error.value)
    assert "shipped" in message and "stale" in message and "rejected" in message
    assert f"interpbench train --cases {CASE} --source siit" in message and "--model-source tracr" in message


@pytest.mark.training
@pytest.mark.parametrize("earlier_figure, kept", [(0.999, "earlier"), (0.0, "retry")])
def test_a_retry_keeps_the_better_attempt_and_records_the_other(stores, compiled_case, earlier_figure, kept):
    _, user = stores
    compiled = compiled_case(CASE)
    figures = {"accuracy": earlier_figure, "iia": earlier_figure, "strict_accuracy": earlier_figure}
    _, earlier = fake_entry(user, compiled, accepted=False, held_out=figures, criteria=list(figures),
                            settings={"seed": 0, "max_steps": 3000, "width": None, "batch_size": 256})
    settings = TrainingSettings(max_steps=20, eval_every=20, width=24)  # too short to be accepted
    manifest = training.train_into_store(get_case(CASE), root=user, settings=settings, progress=False, retry=True)
    (attempt,) = manifest["other_attempts"]
    assert not manifest["accepted"] and not attempt["accepted"]
    if kept == "earlier":  # the 20-step retry did worse: the earlier weights stay, the retry is recorded
        assert manifest["weights_sha256"] == earlier["weights_sha256"] and manifest["held_out"] == figures
        assert attempt["settings"] == {"seed": 0, "max_steps": 20, "width": 24, "batch_size": 256, "shape": "tracr"}
        assert attempt["d_model"] == 24
        assert policy.weakest_criterion({"held_out": attempt["held_out"]}) < earlier_figure
    else:  # the retry did better: its model replaces the earlier one, which is recorded
        assert manifest["config"]["d_model"] == 24 and manifest["settings"]["max_steps"] == 20
        assert attempt["held_out"] == figures and attempt["settings"]["max_steps"] == 3000
        assert attempt["settings"]["shape"] == "tracr"  # recorded before shapes existed: tracr's
    entry = entries.entry_dir(user, "siit", CASE)
    status, on_disk, _ = entries.read_entry(entry, compiled)  # hashes still match what is on disk
    assert status == "rejected" and on_disk == manifest


def test_the_tracr_source_is_the_compiled_model(stores, compiled_case):
    stored = resolve_model(get_case(CASE), "tracr")
    ids = compiled_case(CASE).batch(50, 0).ids
    assert stored.origin == "compiled"
    assert torch.equal(stored.model(ids), compiled_case(CASE).model()(ids))
    with pytest.raises(ValueError, match="available: siit, tracr, natural"):
        resolve_model(get_case(CASE), "pretrained")


@pytest.mark.training
def test_natural_training_uses_behaviour_alone(stores, compiled_case):
    _, user = stores
    settings = policy.default_settings("natural").replace(max_steps=300)
    manifest = training.train_into_store(get_case(CASE), "natural", user, settings, progress=False)
    assert manifest["criteria"] == ["accuracy"] and manifest["accepted"]
    assert manifest["settings"]["weights"] == {"behaviour": 1.0, "iit": 0.0, "strict": 0.0}
    assert resolve_model(get_case(CASE), "natural").origin == "user-store"


def test_released_folders_are_the_interpbench_source_only_and_are_checked(stores, compiled_case, tmp_path, monkeypatch):
    shipped, _ = stores
    compiled = compiled_case(CASE)
    fake_entry(shipped, compiled)
    folder = tmp_path / "released"
    released.export_case(folder, compiled, compiled.model(), {"note": "test"})
    released.write_root_metadata(folder, {})
    monkeypatch.setenv(resolution.RELEASED_DIR_ENV, str(folder))
    stored = resolve_model(get_case(CASE), "interpbench")
    assert stored.origin == "released-folder" and stored.manifest["note"] == "test"
    assert resolve_model(get_case(CASE)).origin == "shipped"  # our own siit models never come from there
    (folder / CASE / "ll_model.pth").write_bytes((folder / CASE / "ll_model.pth").read_bytes() + b"\0")
    with pytest.raises(CorruptModelError, match="SHA256SUMS"):
        resolve_model(get_case(CASE), "interpbench")
    monkeypatch.setenv(resolution.RELEASED_DIR_ENV, str(tmp_path / "elsewhere"))
    with pytest.raises(resolution.ModelNotAvailable, match="no released InterpBench model for case"):
        resolve_model(get_case(CASE), "interpbench")


def _train_tiny(args):
    root, cache = args
    if cache:
        os.environ["INTERPBENCH_CACHE_DIR"] = cache
    torch.set_num_threads(1)
    settings = TrainingSettings(max_steps=20, eval_every=20)
    return training.train_into_store(get_case(CASE), root=Path(root), settings=settings, progress=False)["created"]


@pytest.mark.subprocess
@pytest.mark.training
def test_workers_training_the_same_case_share_one_result(tmp_path, compiled_case):
    compiled_case(CASE)  # compile once into the shared cache first
    args = (str(tmp_path / "store"), os.environ.get("INTERPBENCH_CACHE_DIR", ""))
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        created = pool.map(_train_tiny, [args, args])
    assert created[0] == created[1]  # the second worker waited on the lock and found the entry
    listed = list((tmp_path / "store" / "siit").iterdir())
    assert sorted(p.name for p in listed) == [f"case-{CASE}", f"case-{CASE}.lock"]
    assert json.loads((listed[0] / entries.MANIFEST_FILE).read_text())["accepted"] is False


def test_the_ci_cases_and_both_ioi_cases_ship_accepted_models():
    from interpbench_harness.cases.registry import CI_SUBSET

    accepted = {m["case_id"] for m in shipped_store.store_summary("siit") if m["accepted"]}
    assert set(CI_SUBSET) | {"ioi", "ioi_next_token"} <= accepted


# One test per shipped model, so that xdist spreads the compilations (the cost of this check)
# over its workers and a failure names its case.
@pytest.mark.parametrize("manifest", shipped_store.store_summary("siit"), ids=lambda m: f"case-{m['case_id']}")
def test_a_shipped_model_is_intact_and_its_manifest_holds_what_it_claims(manifest):
    """Files matching their hashes, figures meeting the criteria when accepted, and the model
    trained against the case as it compiles now (not stale)."""
    from interpbench_harness.compiled_cases import load_compiled_case

    assert "damaged" not in manifest, manifest["damaged"]
    compiled = load_compiled_case(get_case(manifest["case_id"]))
    assert manifest["compiled_fingerprint"] == integrity.compiled_fingerprint(compiled)
    entry = entries.entry_dir(shipped_store.SHIPPED_ROOT, "siit", manifest["case_id"])
    assert integrity.sha256_file(entry / entries.MODEL_FILE) == manifest["sha256"][entries.MODEL_FILE]
    assert manifest["trainer_version"] == TRAINER_VERSION and manifest["source"] == "siit"
    figures = [manifest["held_out"][name] for name in manifest["criteria"]]
    assert manifest["accepted"] == (min(figures) >= manifest["target"])
    assert manifest["settings"]["target"] == manifest["target"] == 0.995
    for attempt in manifest.get("other_attempts", []):  # a kept rejected model is the best attempt
        if not manifest["accepted"]:
            assert policy.weakest_criterion({"held_out": attempt["held_out"]}) <= min(figures)
