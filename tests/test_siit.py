"""SIIT: the low-level shape, the criteria on the exact model, training progress, determinism."""

import pytest
import torch

from interpbench_harness.ablation import run_unpatched, run_with_ablated_nodes
from interpbench_harness.graph import head_node, mlp_node
from interpbench_harness.hooked_model import build_model
from interpbench_harness.siit import TrainingSettings, evaluate, low_level_config, train_siit
from interpbench_harness.siit.evaluation import aligned_nodes, high_level_reference, non_circuit_nodes
from interpbench_harness.siit.trainer import CRITERIA

CASE = "8"  # one MLP: the cheapest case to train


def test_low_level_config_widens_the_compiled_shape(compiled_case):
    compiled = compiled_case("3")  # 2 layers, 1 head, d_model 13, d_head 6
    config = low_level_config(compiled)
    assert (config["n_layers"], config["n_heads"], config["d_model"]) == (2, 4, 13)
    assert config["d_head"] == 6 and config["d_mlp"] == 52 and config["act_fn"] == "gelu"
    for key in ("d_vocab", "d_vocab_out", "n_ctx", "attention_dir", "pad_token_id", "bos_token_id"):
        assert config[key] == compiled.config[key]
    narrow = low_level_config(compiled, width=40)
    assert (narrow["d_model"], narrow["d_head"], narrow["d_mlp"]) == (40, 10, 160)
    model = build_model(config)
    assert model.cfg.n_heads == 4 and model.cfg.d_mlp == 52


def test_non_circuit_nodes_are_every_other_head_and_mlp(compiled_case):
    compiled = compiled_case(CASE)
    ll_model = build_model(low_level_config(compiled))
    assert aligned_nodes(compiled) == [mlp_node(0)]
    outside = non_circuit_nodes(compiled, ll_model)
    assert len(outside) == 9 and head_node(1, 3) in outside and mlp_node(0) not in outside


@pytest.mark.parametrize("case_id", ["8", "3", "14"])  # MLP only, regression, attention
def test_the_compiled_model_meets_every_criterion_against_itself(compiled_case, case_id):
    compiled = compiled_case(case_id)
    metrics = evaluate(compiled, compiled.model(), n_samples=500)
    assert {name: metrics[name] for name in CRITERIA} == {name: 1.0 for name in CRITERIA}
    assert metrics["mean_non_circuit_effect"] == 0.0


def test_a_high_level_reference_computed_once_gives_the_same_figures(compiled_case):
    """Training computes the HL predictions on its validation pairs once, not at each evaluation."""
    compiled = compiled_case("14")  # attention and MLPs, 2 layers
    torch.manual_seed(0)
    model = build_model(low_level_config(compiled))
    base, source = (compiled.batch(300, seed, variable_length=True) for seed in (42, 43))
    hl_model = compiled.model()
    reference = high_level_reference(compiled, base, source, hl_model)
    with torch.no_grad():
        assert torch.equal(reference.labels, run_unpatched(hl_model, base.ids).argmax(dim=-1))
        assert set(reference.patched) == set(aligned_nodes(compiled))
        for node, patched in reference.patched.items():
            assert torch.equal(patched, run_with_ablated_nodes(hl_model, base.ids, source.ids, [node]).argmax(dim=-1))
    with_reference = evaluate(compiled, model, base=base, source=source, hl_reference=reference)
    assert with_reference == evaluate(compiled, model, base=base, source=source)
    assert 0.0 < with_reference["iia"] < 1.0, "an untrained model should match the HL model only in part"


@pytest.mark.training
def test_training_lowers_the_losses_and_raises_accuracy(compiled_case):
    compiled = compiled_case(CASE)
    torch.manual_seed(0)
    untrained = evaluate(compiled, build_model(low_level_config(compiled)), n_samples=500)
    model, history = train_siit(compiled, TrainingSettings(max_steps=150, eval_every=50, target=1.01), progress=False)
    first, last = history.losses[:10], history.losses[-10:]
    for loss in ("behaviour", "iit", "total"):
        assert sum(step[loss] for step in last) < 0.1 * sum(step[loss] for step in first)
    trained = evaluate(compiled, model, n_samples=500)
    assert untrained["accuracy"] < 0.8 and trained["accuracy"] >= 0.99
    assert trained["iia"] >= 0.95 and trained["strict_accuracy"] > untrained["strict_accuracy"]
    assert [e["step"] for e in history.evaluations] == [50, 100, 150]


@pytest.mark.training
def test_training_stops_once_the_target_is_met(compiled_case):
    _, history = train_siit(compiled_case(CASE), TrainingSettings(max_steps=100, eval_every=5, target=0.0), progress=False)
    assert history.converged and history.steps == 5


@pytest.mark.training
def test_training_is_deterministic_given_the_seed(compiled_case):
    compiled = compiled_case(CASE)
    runs = [train_siit(compiled, TrainingSettings(seed=seed, max_steps=5, eval_every=5), progress=False)[0] for seed in (1, 1, 2)]
    same, other = runs[0].state_dict(), runs[2].state_dict()
    assert all(torch.equal(same[name], value) for name, value in runs[1].state_dict().items())
    assert not all(torch.equal(other[name], value) for name, value in same.items())


@pytest.mark.training
def test_a_stopped_training_resumes_from_its_checkpoint_to_the_same_weights(compiled_case, tmp_path, monkeypatch):
    """Stopped after its second evaluation, the resumed run ends where an unbroken run ends."""
    from interpbench_harness.siit import trainer

    compiled = compiled_case(CASE)
    settings = TrainingSettings(max_steps=40, eval_every=10, target=1.01)
    unbroken, unbroken_history = train_siit(compiled, settings, progress=False)

    checkpoint = tmp_path / "case.checkpoint.pt"
    real_evaluate, calls = trainer.evaluate, []

    def stop_at_the_third_evaluation(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_evaluate(*args, **kwargs)

    monkeypatch.setattr(trainer, "evaluate", stop_at_the_third_evaluation)
    with pytest.raises(KeyboardInterrupt):
        train_siit(compiled, settings, progress=False, checkpoint=checkpoint, checkpoint_key="k")
    monkeypatch.setattr(trainer, "evaluate", real_evaluate)
    assert checkpoint.exists()

    ignored, _ = train_siit(compiled, settings.replace(max_steps=12, eval_every=12), progress=False,
                            checkpoint=checkpoint, checkpoint_key="other settings")  # a foreign key: fresh start
    calls.clear()
    monkeypatch.setattr(trainer, "evaluate", lambda *a, **k: calls.append(1) or real_evaluate(*a, **k))
    resumed, history = train_siit(compiled, settings, progress=False, checkpoint=checkpoint, checkpoint_key="k")
    assert len(calls) == 2, "the resumed run should start after step 20 and evaluate at 30 and 40 only"
    expected = unbroken.state_dict()
    assert all(torch.equal(expected[name], value) for name, value in resumed.state_dict().items())
    assert history.losses == unbroken_history.losses and history.steps == 40
    assert [e["step"] for e in history.evaluations] == [10, 20, 30, 40]
    assert [e["accuracy"] for e in history.evaluations] == [e["accuracy"] for e in unbroken_history.evaluations]
    assert not all(torch.equal(expected[name], value) for name, value in ignored.state_dict().items())
