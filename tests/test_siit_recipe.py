"""`--recipe=upstream` and `--shape=upstream`: upstream's training recipe and model widths beside ours, ours unchanged."""

import dataclasses
import json

import pytest

from interpbench_harness.cases.registry import get_case
from interpbench_harness.cli import main
from interpbench_harness.siit import (
    TRAINER_VERSION,
    UPSTREAM,
    LossWeights,
    TrainingSettings,
    effective_strict_weight,
    train_siit,
    trainer,
)
from interpbench_harness.store import entries, policy, training

CASE = "8"  # one MLP: the cheapest case to train

OURS = {  # our recipe's settings as they were before recipes existed, plus the recipe's name
    "seed": 0, "max_steps": 6000, "batch_size": 256, "lr": 1e-3, "betas": (0.9, 0.9), "grad_clip": 0.1,
    "weights": {"behaviour": 1.0, "iit": 1.0, "strict": 0.4}, "lr_decay": True, "eval_every": 100,
    "target": 0.995, "pool_size": 20_000, "validation_fraction": 0.2, "eval_samples": 2000, "width": None,
    "recipe": "ours", "shape": "tracr",
}


def test_our_recipe_is_unchanged():
    assert TRAINER_VERSION == "2"
    assert dataclasses.asdict(policy.default_settings("siit")) == OURS
    assert dataclasses.asdict(TrainingSettings()) == OURS
    natural = dataclasses.asdict(policy.default_settings("natural"))
    assert natural == {**OURS, "weights": {"behaviour": 1.0, "iit": 0.0, "strict": 0.0}}
    # The checkpoint key digests our settings without `recipe` and `shape`, as before they existed.
    key = policy.settings_key(TrainingSettings())
    assert "recipe" not in key and "shape" not in key
    assert policy.settings_key(TrainingSettings(recipe="upstream"))["recipe"] == "upstream"
    assert policy.settings_key(TrainingSettings(shape="upstream"))["shape"] == "upstream"


def test_upstream_settings_and_its_squared_strict_weight():
    settings = policy.default_settings("siit", recipe="upstream")
    assert settings.recipe == "upstream" and settings.weights == LossWeights(1.0, 1.0, 0.4)
    assert settings.shape == "upstream"  # upstream's training command builds its compressed model
    assert not settings.lr_decay and settings.batch_size == 256 and settings.grad_clip == 0.1
    assert settings.max_steps == 2000 * 375  # 2000 epochs of 96000 training inputs in batches of 256
    assert effective_strict_weight(settings) == pytest.approx(0.4**2)
    assert effective_strict_weight(settings.replace(weights=LossWeights(strict=0.3))) == pytest.approx(0.09)
    assert effective_strict_weight(policy.default_settings("siit")) == 0.4  # ours: applied once
    assert UPSTREAM.effective_strict_weight == pytest.approx(0.16)
    with pytest.raises(ValueError, match="recipe"):
        TrainingSettings(recipe="theirs")
    with pytest.raises(ValueError, match="recipe"):
        policy.default_settings("siit", recipe="theirs")


@pytest.mark.parametrize("case_id, tracr_widths, widths", [
    # (d_model, d_head) compiled -> (d_model, d_head, d_mlp) trained; 4 heads in each
    ("3", (13, 6), (12, 3, 48)),  # head width halved: 6 // 2 = 3, d_model 4 x 3
    ("8", (33, 1), (4, 1, 16)),  # 1 // 2 is 0: at least 1
    ("11", (30, 7), (12, 3, 48)),  # 7 // 2 = 3
    ("18", (42, 7), (26, 6, 104)),  # residual compressed by 1.6: 42 // 1.6 = 26, d_head 26 // 4
    ("21", (66, 29), (50, 12, 200)),  # residual compressed by 1.3: 66 // 1.3 = 50
])
def test_the_upstream_shape_compresses_as_upstream_does(compiled_case, case_id, tracr_widths, widths):
    compiled = compiled_case(case_id)
    assert (compiled.config["d_model"], compiled.config["d_head"]) == tracr_widths
    config = trainer.low_level_config(compiled, shape="upstream")
    assert (config["d_model"], config["d_head"], config["d_mlp"]) == widths
    assert config["n_heads"] == 4 and config["n_layers"] == max(2, compiled.config["n_layers"])
    assert trainer.low_level_config(compiled) == trainer.low_level_config(compiled, shape="tracr")


def test_a_width_and_the_upstream_shape_are_refused_together(tmp_path, capsys):
    with pytest.raises(ValueError, match="unknown model shape"):
        TrainingSettings(shape="wide")
    with pytest.raises(ValueError, match="exclude each other"):
        TrainingSettings(shape="upstream", width=20)
    assert main(["train", "--cases", CASE, "--out", str(tmp_path), "--shape", "upstream", "--width", "20"]) == 2
    assert "exclude each other" in capsys.readouterr().err


def test_upstream_stopping_rule():
    settings = policy.default_settings("siit", recipe="upstream")
    met = {"accuracy": 0.996, "iia": 0.995, "strict_accuracy": 1.0}
    assert trainer._upstream_stops(settings, met)
    assert not trainer._upstream_stops(settings, {**met, "strict_accuracy": 0.99})
    # A zero weight drops its metric; with no IIT upstream asks for accuracy exactly 1.
    assert trainer._upstream_stops(settings.replace(weights=LossWeights(1.0, 1.0, 0.0)), {**met, "strict_accuracy": 0.5})
    natural = policy.default_settings("natural", recipe="upstream")
    assert not trainer._upstream_stops(natural, met) and trainer._upstream_stops(natural, {**met, "accuracy": 1.0})


@pytest.mark.training
def test_upstream_training_steps_once_per_loss_with_the_squared_weight_and_evaluates_per_epoch(compiled_case, monkeypatch):
    compiled = compiled_case(CASE)
    settings = policy.default_settings("siit", recipe="upstream").replace(max_steps=12, batch_size=64)
    monkeypatch.setattr(trainer, "upstream_steps_per_epoch", lambda spec, batch_size: 5)
    steps = []
    real_step = trainer.torch.optim.Adam.step
    monkeypatch.setattr(trainer.torch.optim.Adam, "step", lambda self, *a, **k: steps.append(1) or real_step(self, *a, **k))
    _, history = train_siit(compiled, settings, progress=False)
    assert len(steps) == 3 * 12  # IIT, strict, behaviour: one optimiser step each
    assert [e["step"] for e in history.evaluations] == [5, 10, 12]  # every epoch, and at the end
    for loss in history.losses:
        assert loss["total"] == pytest.approx(loss["iit"] + 0.16 * loss["strict"] + loss["behaviour"])
    # Upstream's rule stops training; our criteria still decide `converged`.
    monkeypatch.setattr(trainer, "UPSTREAM", dataclasses.replace(UPSTREAM, early_stop_threshold=0.0))
    _, history = train_siit(compiled, settings, progress=False)
    assert history.steps == 5 and not history.converged


@pytest.mark.training
def test_an_upstream_run_records_its_recipe(tmp_path, capsys):
    args = ["train", "--cases", CASE, "--out", str(tmp_path), "--max-steps", "20", "--batch-size", "64", "--quiet",
            "--recipe", "upstream"]
    assert main(args) == 1  # 20 steps do not reach our criteria
    assert "0 of 1 siit models accepted (recipe upstream)" in capsys.readouterr().out
    stored = json.loads((entries.entry_dir(tmp_path, "siit", CASE) / entries.MANIFEST_FILE).read_text())
    assert stored["recipe"] == stored["settings"]["recipe"] == "upstream"
    assert stored["settings"]["shape"] == "upstream" and stored["config"]["d_model"] == 4  # case 8 compressed
    assert stored["settings"]["weights"] == {"behaviour": 1.0, "iit": 1.0, "strict": 0.4}
    assert stored["steps"] == 20 and stored["steps_per_epoch"] == 96_000 // 64 and stored["settings"]["lr_decay"] is False
    assert stored["accepted"] is False and stored["held_out"]["step"] == 20  # judged by our criteria
    assert policy.recipe_of(stored) == "upstream" and policy.recipe_of({}) == "ours"
    with pytest.raises(ValueError, match="'upstream' recipe"):  # our recipe does not reuse or overwrite it
        training.train_into_store(get_case(CASE), root=tmp_path, progress=False, retry=True)


def test_the_cli_offers_the_recipe_and_lists_it(capsys):
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    out = capsys.readouterr().out
    assert "--recipe {ours,upstream}" in out and "squared" in out
    assert main(["models"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert header.split()[-1] == "recipe"
