"""The IOI case offers what a compiled case offers: the trainer's interchange code drives its
high-level model through the same hook names, and a few SIIT steps run end to end."""

import pytest
import torch

from interpbench_harness import data
from interpbench_harness.cases.registry import get_case
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.ioi import prompts, vocabulary
from interpbench_harness.ioi.high_level import NODES
from interpbench_harness.siit import TrainingSettings, train_siit
from interpbench_harness.siit.trainer import run_with_interchanges
from interpbench_harness.store.resolution import ModelNotAvailable, resolve_model

IDS = vocabulary.token_ids()


@pytest.fixture(scope="module")
def case():
    return load_compiled_case(get_case("ioi"))


def test_labels_are_the_indirect_object_at_the_end_only_scored_there(case):
    batch = case.batch(200, data.CLEAN_SEED)
    clean = prompts.sample_prompts(200, data.CLEAN_SEED)
    labels = case.labels(batch)
    for row, prompt in enumerate(clean):
        assert batch.scored[row].nonzero().flatten().tolist() == [prompt.end_position + 1]
        assert labels[row, prompt.end_position + 1] == IDS[prompt.io]


def test_the_corrupted_batch_is_the_clean_prompts_with_other_names(case):
    clean, corrupted = case.batch(100, data.CLEAN_SEED), case.corrupted_batch(100)
    assert torch.equal(clean.scored, corrupted.scored)
    names = torch.tensor([IDS[n] for n in prompts.NAMES])
    assert torch.equal(torch.isin(clean.ids, names), torch.isin(corrupted.ids, names))
    assert not torch.equal(clean.ids, corrupted.ids)


@pytest.mark.parametrize("node", list(NODES))
def test_patching_a_hook_of_the_high_level_model_is_the_algorithms_interchange(case, node):
    model = case.model()
    base, source = case.batch(64, 1), case.batch(64, 2)
    patched, _ = run_with_interchanges(model, base.ids, source.ids, [NODES[node]] * 64)
    expected = model.algorithm.interchange(base.ids, source.ids, node)
    ends = base.scored.float().argmax(-1)
    assert patched.argmax(-1)[torch.arange(64), ends].tolist() == expected.tolist()


def test_there_is_no_tracr_model_to_load(case):
    with pytest.raises(ModelNotAvailable, match="no compiled tracr model"):
        resolve_model(case.spec, "tracr")


@pytest.mark.training
def test_siit_training_runs_on_the_ioi_case(case):
    model, history = train_siit(case, TrainingSettings(max_steps=3, batch_size=16, eval_every=3, eval_samples=64,
                                                       pool_size=400), progress=False)
    assert history.steps == 3 and len(history.evaluations) == 1
    assert model.cfg.n_layers == 6 and model.cfg.d_model == 64
    assert set(history.evaluations[0]["iia_per_node"]) == {node.name for node in NODES.values()}


def test_next_token_targets_are_the_following_words_then_the_answer():
    next_token = load_compiled_case(get_case("ioi_next_token"))
    batch = next_token.batch(50, data.CLEAN_SEED)
    clean = prompts.sample_prompts(50, data.CLEAN_SEED)
    targets, scored = next_token.behaviour_targets(batch, next_token.labels(batch))
    for row, prompt in enumerate(clean):
        n_words = len(prompt.words)
        assert scored[row].nonzero().flatten().tolist() == list(range(n_words + 1))  # BOS .. end, no PAD
        expected = [IDS[word] for word in prompt.words] + [IDS[prompt.io]]
        assert targets[row, : n_words + 1].tolist() == expected


def test_ioi_trains_its_behaviour_on_the_answer_alone(case):
    batch = case.batch(20, data.CLEAN_SEED)
    labels = case.labels(batch)
    targets, scored = case.behaviour_targets(batch, labels)
    assert torch.equal(targets, labels) and torch.equal(scored, batch.scored)


def test_the_two_ioi_cases_are_told_apart_by_the_model_store(case):
    from interpbench_harness.store.integrity import compiled_fingerprint

    next_token = load_compiled_case(get_case("ioi_next_token"))
    assert compiled_fingerprint(case) != compiled_fingerprint(next_token)
    assert compiled_fingerprint(case) == compiled_fingerprint(load_compiled_case(get_case("ioi")))


def test_the_ioi_metric_is_the_drop_in_the_answers_logit_at_the_end():
    from interpbench_harness.benchmark_case import BenchmarkCase

    spec = get_case("ioi")
    clean = data.TokenBatch(torch.zeros(2, 3, dtype=torch.long), torch.tensor([[False, False, True]] * 2))
    bench = BenchmarkCase(spec, "siit", None, clean, clean, None, None, None, None)
    reference = torch.zeros(2, 3, 4)
    reference[0, 2, 1], reference[1, 2, 3] = 5.0, 4.0  # answers: token 1, token 3
    logits = reference.clone()
    logits[0, 2, 1], logits[1, 2, 3] = 2.0, 5.0  # drops of 3 and -1
    logits[:, :2] = 100.0  # unscored positions do not count
    assert float(bench.metric(logits, reference)) == pytest.approx(1.0)
    assert float(bench.metric(reference, reference)) == 0.0
