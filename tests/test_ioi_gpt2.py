"""GPT-2 token ids for IOI, with a stand-in tokenizer: GPT-2's own files cannot be fetched here.

The stand-in is a byte-level BPE trained on the IOI prompts, saved as `tokenizer.json` the way
GPT-2's is, so the code under test finds, loads and uses it exactly as it would GPT-2's.
"""

import dataclasses

import pytest
import torch

from interpbench_harness import benchmark_case, data
from interpbench_harness.cases.registry import get_case
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.hooked_model import build_model
from interpbench_harness.ioi import gpt2, prompts
from interpbench_harness.store import mib, released, resolution


@pytest.fixture(scope="module")
def tokenizer_dir(tmp_path_factory):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    every_word = " ".join(sorted(set(prompts.NAMES) | set(prompts.PLACES) | set(prompts.OBJECTS)))
    texts = [gpt2.text_of(p.words) for p in prompts.sample_prompts(2000, 0)] + [every_word] * 200
    trainer = trainers.BpeTrainer(vocab_size=3000, special_tokens=[gpt2.BOS_TOKEN],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(texts, trainer)
    folder = tmp_path_factory.mktemp("gpt2")
    tokenizer.save(str(folder / "tokenizer.json"))
    return folder


@pytest.fixture
def gpt2_case(tokenizer_dir, monkeypatch):
    monkeypatch.setenv(gpt2.TOKENIZER_ENV, str(tokenizer_dir))
    return dataclasses.replace(load_compiled_case(get_case("ioi")), vocabulary_name="gpt2")


def test_prompts_encode_one_token_per_word_and_read_back_as_their_text(gpt2_case):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(gpt2.find_tokenizer_path()))
    batch = gpt2_case.batch(50, data.CLEAN_SEED)
    for row, prompt in enumerate(prompts.sample_prompts(50, data.CLEAN_SEED)):
        n = len(prompt.words)
        assert batch.ids[row, 0] == tokenizer.token_to_id(gpt2.BOS_TOKEN)
        assert tokenizer.decode(batch.ids[row, 1:n + 1].tolist()) == gpt2.text_of(prompt.words)
        assert (batch.ids[row, n + 1:] == gpt2_case.vocab.pad_id).all()
        assert batch.scored[row].nonzero().flatten().tolist() == [n]


def test_the_answer_is_the_indirect_objects_gpt2_token(gpt2_case):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(gpt2.find_tokenizer_path()))
    batch = gpt2_case.batch(50, data.CLEAN_SEED)
    labels = gpt2_case.labels(batch)
    for row, prompt in enumerate(prompts.sample_prompts(50, data.CLEAN_SEED)):
        assert labels[row, len(prompt.words)] == tokenizer.encode(" " + prompt.io).ids[0]
    assert gpt2_case.config["d_vocab"] == tokenizer.get_vocab_size()


def test_without_the_tokenizer_a_gpt2_model_is_refused_with_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv(gpt2.TOKENIZER_ENV, str(tmp_path))  # a folder without tokenizer.json
    case = load_compiled_case(get_case("ioi"))
    with pytest.raises(gpt2.GPT2TokenizerMissing, match=gpt2.TOKENIZER_ENV):
        case.reading(gpt2.GPT2_VOCAB_SIZE)
    with pytest.raises(ValueError, match="neither the word-level vocabulary"):
        case.reading(123)
    assert case.reading(len(case.tokens)) == case


def test_a_released_ioi_model_reading_gpt2_ids_gets_gpt2_encoded_data(gpt2_case, tmp_path, monkeypatch):
    torch.manual_seed(0)
    model = build_model(gpt2_case.config)
    released.export_case(tmp_path, gpt2_case, model, {"origin": "test"})
    monkeypatch.setenv(resolution.RELEASED_DIR_ENV, str(tmp_path))
    benchmark_case._loaded.cache_clear()
    try:
        case = benchmark_case.load_benchmark_case(get_case("ioi"), "interpbench", n_samples=30)
    finally:
        benchmark_case._loaded.cache_clear()
    assert case.model_origin == "released-folder"
    assert torch.equal(case.clean.ids, gpt2_case.batch(30, data.CLEAN_SEED).ids)
    assert case.clean.ids.max() >= len(load_compiled_case(get_case("ioi")).tokens)  # not word-level ids
    assert case.model.cfg.d_vocab == gpt2_case.config["d_vocab"]


def test_mibs_copy_of_the_ioi_model_loads_from_its_own_layout(gpt2_case, tmp_path, monkeypatch):
    """MIB's layout: ll_model_cfg.pkl at the root, the weights under ioi_all_splits/, no edges.pkl."""
    torch.manual_seed(0)
    model = build_model(gpt2_case.config)
    released.export_case(tmp_path / "export", gpt2_case, model, {"origin": "test"})
    mib_dir = tmp_path / "mib"
    (mib_dir / mib.MIB_WEIGHTS_DIR).mkdir(parents=True)
    (tmp_path / "export" / "ioi" / "ll_model_cfg.pkl").rename(mib_dir / mib.MIB_CONFIG)
    (tmp_path / "export" / "ioi" / "ll_model.pth").rename(mib_dir / mib.MIB_WEIGHTS_DIR / "ll_model_100_100_80.pth")
    monkeypatch.delenv(resolution.RELEASED_DIR_ENV, raising=False)
    monkeypatch.setenv(resolution.MIB_DIR_ENV, str(mib_dir))
    benchmark_case._loaded.cache_clear()
    try:
        case = benchmark_case.load_benchmark_case(get_case("ioi"), "interpbench", n_samples=30)
    finally:
        benchmark_case._loaded.cache_clear()
    assert case.model_origin == "mib-folder" and "no edges.pkl" in case.ground_truth_note
    assert torch.equal(case.model(case.clean.ids), model(case.clean.ids))
    assert case.ground_truth == gpt2_case.ground_truth.embedded(case.model.cfg.n_layers)
