import dataclasses

import pytest

from interpbench_harness import data
from interpbench_harness.cases import upstream_fidelity
from interpbench_harness.cases.spec import BOS, PAD, CaseSpec

SPEC = CaseSpec(
    case_id="toy",
    description="toy",
    build_program=lambda: None,
    reference=lambda tokens: tokens,
    vocab=frozenset({"a", "b", "c"}),
    causal=True,
)
TOKEN_IDS = {"a": 0, "b": 1, "c": 2, BOS: 3, PAD: 4}


def test_sampling_is_seeded_and_respects_lengths_and_vocab():
    clean = data.sample_sequences(SPEC, 300, data.CLEAN_SEED, variable_length=True)
    assert clean == data.sample_sequences(SPEC, 300, data.CLEAN_SEED, variable_length=True)
    assert clean != data.sample_sequences(SPEC, 300, data.CORRUPTED_SEED, variable_length=True)
    assert {len(s) for s in clean} == set(range(SPEC.min_seq_len - 1, SPEC.max_seq_len))
    assert {t for s in clean for t in s} == set(SPEC.vocab)


def test_discovery_data_is_at_the_maximum_length_as_upstream():
    clean = data.sample_sequences(SPEC, 300, data.CLEAN_SEED)
    assert {len(s) for s in clean} == {SPEC.max_seq_len - 1}


def test_few_distinct_inputs_are_all_enumerated_in_seeded_order():
    """Upstream decides by the count over all lengths, then enumerates the lengths it samples."""
    small = dataclasses.replace(SPEC, max_seq_len=5)  # 27 + 81 distinct sequences
    assert data.count_distinct(small) == 3**3 + 3**4
    clean = data.sample_sequences(small, 1000, data.CLEAN_SEED, variable_length=True)
    corrupted = data.sample_sequences(small, 1000, data.CORRUPTED_SEED, variable_length=True)
    assert len(clean) == 108 and len({tuple(s) for s in clean}) == 108
    assert sorted(clean) == sorted(corrupted) and clean != corrupted
    assert sorted(data.sample_sequences(small, 1000, data.CLEAN_SEED)) == sorted(s for s in clean if len(s) == 4)


def test_default_sampler_reproduces_upstreams_draws_for_every_case():
    """The upstream fact file's 200 example inputs per case came from upstream's sampler with
    seed 42 at variable length; ours must draw the very same sequences."""
    for case_id, facts in upstream_fidelity.all_facts().items():
        draws = data.Draws.seeded(42)
        ours = data.random_sequences(sorted(facts["vocab"]), 200, facts["min_seq_len"], facts["max_seq_len"], draws)
        expected = [example["input"] for example in facts["examples"]]
        assert upstream_fidelity.same_value(ours, expected), f"case {case_id}"


def test_a_case_sampler_replaces_the_default_one():
    def only_a(vocab, count, min_len, max_len, draws):
        return [["a"] * (max_len - 1) for _ in range(count)]

    spec = dataclasses.replace(SPEC, sampler=only_a)
    assert data.sample_sequences(spec, 20, data.CLEAN_SEED) == [["a"] * 9] * 20


def test_encoding_adds_bos_pads_and_never_scores_them():
    batch = data.encode([["a", "b", "c"], ["c"] * 9], TOKEN_IDS, 10)
    assert batch.ids[0].tolist() == [3, 0, 1, 2] + [4] * 6
    assert batch.scored[0].tolist() == [False, True, True, True] + [False] * 6
    assert batch.scored[1].tolist() == [False] + [True] * 9
    assert data.decode(batch, TOKEN_IDS) == [["a", "b", "c"], ["c"] * 9]


def test_encoding_rejects_unknown_tokens_and_overlong_sequences():
    with pytest.raises(ValueError, match="'z' is not in the vocab"):
        data.encode([["a", "z", "c"]], TOKEN_IDS, 10)
    with pytest.raises(ValueError, match="does not fit"):
        data.encode([["a"] * 10], TOKEN_IDS, 10)
