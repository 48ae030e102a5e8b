"""The IOI high-level model: right answers on clean prompts, defined behaviour under interchange."""

import pytest

from interpbench_harness.ioi import prompts, vocabulary
from interpbench_harness.ioi.high_level import NONE, IOIHighLevelModel, ground_truth

IDS = vocabulary.token_ids()


@pytest.fixture(scope="module")
def model():
    return IOIHighLevelModel({IDS[name] for name in prompts.NAMES}, IDS[vocabulary.PAD])


def _batch(prompt_list):
    return vocabulary.encode([p.words for p in prompt_list]).ids


def test_it_answers_every_clean_prompt_with_the_indirect_object(model):
    clean = prompts.sample_prompts(300, seed=0)
    answers = model.predict(_batch(clean))
    assert answers.tolist() == [IDS[p.io] for p in clean]


def test_corrupted_prompts_have_no_subject_to_inhibit(model):
    clean = prompts.sample_prompts(100, seed=0)
    corrupted = vocabulary.encode(prompts.corrupt(clean, seed=1)).ids
    values = model.values(corrupted)
    assert (values["s_inhibition"] == NONE).all()
    first_names = [next(w for w in words if w in prompts.NAMES) for words in prompts.corrupt(clean, seed=1)]
    assert values["name_mover"].tolist() == [IDS[n] for n in first_names]


def test_interchanging_the_inhibited_name_redirects_the_name_mover(model):
    base = prompts.make_prompt(0, "Mary", "John", "BABA", "store", "ring")  # Then, John and Mary ... John gave
    source = prompts.make_prompt(0, "Tom", "Mary", "ABBA", "store", "ring")  # subject Mary
    patched = model.interchange(_batch([base]), _batch([source]), "s_inhibition")
    assert patched.tolist() == [IDS["John"]]  # Mary inhibited: the first other name is John
    unrelated = prompts.make_prompt(0, "Tom", "Amy", "ABBA", "store", "ring")  # subject Amy, not in base
    assert model.interchange(_batch([base]), _batch([unrelated]), "s_inhibition").tolist() == [IDS["John"]]
    # patching the node of the base itself changes nothing
    assert model.interchange(_batch([base]), _batch([base]), "duplicate").tolist() == [IDS["Mary"]]
    with pytest.raises(ValueError, match="unknown IOI node"):
        model.interchange(_batch([base]), _batch([base]), "induction")


def test_the_ground_truth_follows_what_each_node_reads():
    truth = ground_truth()
    assert {e.name for e in truth.edges} == {
        "blocks.0.hook_resid_pre->blocks.0.hook_mlp_out",
        "blocks.0.hook_mlp_out->blocks.1.attn.hook_result[1]",
        "blocks.1.attn.hook_result[1]->blocks.2.attn.hook_result[1]",
        "blocks.2.attn.hook_result[1]->blocks.4.attn.hook_result[1]",
        "blocks.0.hook_mlp_out->blocks.4.attn.hook_result[1]",
        "blocks.4.attn.hook_result[1]->blocks.5.hook_resid_post",
    }
