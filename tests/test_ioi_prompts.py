"""IOI prompts: answers, positions, corruption, and their word-level encoding."""

import pytest

from interpbench_harness.ioi import prompts, vocabulary


def test_a_prompt_names_io_and_subject_where_its_positions_say():
    prompt = prompts.make_prompt(0, "Mary", "John", "ABBA", "store", "ring")
    assert prompt.text == "Then , Mary and John went to the store . John gave a ring to"
    assert prompt.words[prompt.io_position] == "Mary" and prompt.words[prompt.s1_position] == "John"
    assert prompt.words[prompt.s2_position] == "John" and prompt.end_position == len(prompt.words) - 1
    baba = prompts.make_prompt(0, "Mary", "John", "BABA", "store", "ring")
    assert baba.text.startswith("Then , John and Mary") and baba.io_position > baba.s1_position


def test_sampled_prompts_are_seeded_and_cover_both_orders_and_every_template():
    sample = prompts.sample_prompts(300, seed=1)
    assert sample == prompts.sample_prompts(300, seed=1) and sample != prompts.sample_prompts(300, seed=2)
    assert {p.order for p in sample} == {"ABBA", "BABA"}
    assert {p.template for p in sample} == set(range(len(prompts.TEMPLATES)))
    for p in sample:
        assert p.io != p.subject and p.words.count(p.subject) == 2 and p.words.count(p.io) == 1


def test_corruption_keeps_positions_and_removes_every_clean_name():
    clean = prompts.sample_prompts(200, seed=3)
    for prompt, words in zip(clean, prompts.corrupt(clean, seed=4)):
        assert len(words) == len(prompt.words)
        names = [w for w in words if w in prompts.NAMES]
        assert len(names) == len(set(names)) == 3 and not {prompt.io, prompt.subject} & set(names)
        changed = [i for i, (a, b) in enumerate(zip(prompt.words, words)) if a != b]
        assert changed == sorted({prompt.io_position, prompt.s1_position, prompt.s2_position})


def test_encoding_puts_bos_first_pads_the_rest_and_scores_the_end():
    clean = prompts.sample_prompts(50, seed=5)
    batch = vocabulary.encode([p.words for p in clean])
    ids_of = vocabulary.token_ids()
    assert (batch.ids[:, 0] == ids_of[vocabulary.BOS]).all()
    for row, prompt in enumerate(clean):
        assert batch.ids[row, prompt.end_position + 1] == ids_of[prompt.words[-1]]
        assert batch.scored[row].nonzero().flatten().tolist() == [prompt.end_position + 1]
        assert (batch.ids[row, len(prompt.words) + 1:] == ids_of[vocabulary.PAD]).all()
    every = vocabulary.encode([p.words for p in clean], scored="all")
    assert int(every.scored.sum()) == sum(len(p.words) for p in clean)


def test_an_unknown_word_is_refused_with_where_to_add_it():
    with pytest.raises(ValueError, match="not in the IOI vocabulary"):
        vocabulary.encode([("Then", "Zebulon")])
