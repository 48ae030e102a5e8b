"""Reading InterpBench's released files: safe unpickling, weights, and ground-truth edges."""

import json
import os
import pickle

import pytest
import torch
from transformer_lens import HookedTransformerConfig

from interpbench_harness import compiled_cases
from interpbench_harness.store import hub, integrity, released, untrusted
from interpbench_harness.store.released import load_edges
from interpbench_harness.store.untrusted import UnsafePickleError, load_config, load_weights

CONFIG = HookedTransformerConfig(
    n_layers=2, d_model=8, n_ctx=5, d_head=4, n_heads=2, d_vocab=6, d_vocab_out=3, act_fn="gelu", normalization_type=None
)


class _RunsCode:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_config_dict_loads_as_plain_data(tmp_path):
    path = tmp_path / "ll_model_cfg.pkl"
    path.write_bytes(pickle.dumps(CONFIG.to_dict()))
    config = load_config(path)
    assert config["n_layers"] == 2 and config["act_fn"] == "gelu" and config["dtype"] is torch.float32


def test_config_object_loads_as_a_dict(tmp_path):
    path = tmp_path / "ll_model_cfg.pkl"
    path.write_bytes(pickle.dumps(CONFIG))
    assert load_config(path)["d_vocab_out"] == 3


def test_transformer_lens_1_config_path_is_understood():
    unpickler = untrusted._AllowListUnpickler(open(os.devnull, "rb"))
    cls = unpickler.find_class("transformer_lens.HookedTransformerConfig", "HookedTransformerConfig")
    assert cls is HookedTransformerConfig


def test_a_pickle_that_runs_code_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "edges.pkl"
    path.write_bytes(pickle.dumps([("hook_embed", _RunsCode(marker))]))
    with pytest.raises(UnsafePickleError, match="refusing to load (posix|os).system"):
        load_edges(path, n_layers=2)
    assert not marker.exists()


def test_weights_load_and_a_malicious_checkpoint_is_refused(tmp_path):
    good = tmp_path / "ll_model.pth"
    torch.save({"embed.W_E": torch.ones(2, 3)}, good)
    assert load_weights(good)["embed.W_E"].shape == (2, 3)
    marker = tmp_path / "pwned"
    bad = tmp_path / "bad.pth"
    torch.save({"embed.W_E": _RunsCode(marker)}, bad)
    with pytest.raises(pickle.UnpicklingError):
        load_weights(bad)
    assert not marker.exists()


def test_released_edges_promote_to_our_ground_truth(tmp_path, compiled_case):
    # Case 3 as upstream writes it: embeddings separate, head inputs per port, MLP input.
    pairs = [
        ("hook_embed", "blocks.0.hook_mlp_in"),
        ("hook_pos_embed", "blocks.1.hook_q_input[0]"),
        ("hook_pos_embed", "blocks.1.hook_k_input[0]"),
        ("blocks.0.hook_mlp_out", "blocks.1.hook_v_input[0]"),
        ("blocks.1.attn.hook_result[0]", "blocks.1.hook_resid_post"),
    ]
    path = tmp_path / "edges.pkl"
    path.write_bytes(pickle.dumps(pairs))
    released = load_edges(path, n_layers=2)
    assert released == compiled_case("3").ground_truth_qkv
    assert released.promoted() == compiled_case("3").ground_truth


def test_unknown_hook_names_are_named_in_the_error():
    with pytest.raises(ValueError, match="unknown receiver hook 'blocks.0.attn.hook_pattern'"):
        released.parse_released_edges([("hook_embed", "blocks.0.attn.hook_pattern")], 2)


# Whole case folders: export, load back, verify ---------------------------------------------------

# The shape keys and a sample of the others that TransformerLens 1.19's `to_dict()` wrote for the
# released tracr cases (keys 3.x no longer has, such as n_params, must not matter).
TL_1_19_EXTRA_KEYS = {
    "model_name": "custom", "eps": 1e-05, "use_attn_result": True, "use_attn_scale": True,
    "use_split_qkv_input": True, "use_hook_mlp_in": True, "use_attn_in": False, "use_local_attn": False,
    "original_architecture": None, "from_checkpoint": False, "tokenizer_name": None, "window_size": None,
    "attn_types": None, "init_mode": "gpt2", "normalization_type": None, "device": "cpu", "n_devices": 1,
    "attn_only": False, "seed": 0, "initializer_range": 0.1, "init_weights": True,
    "scale_attn_by_inverse_layer_idx": False, "positional_embedding_type": "standard", "final_rms": False,
    "parallel_attn_mlp": False, "rotary_dim": None, "n_params": 12345, "use_hook_tokens": False,
    "gated_mlp": False, "default_prepend_bos": True, "dtype": torch.float32, "tokenizer_prepends_bos": None,
    "n_key_value_heads": None, "post_embedding_ln": False, "rotary_base": 10000, "trust_remote_code": False,
}


def exported_case(tmp_path, compiled, model):
    released.export_case(tmp_path, compiled, model, {"origin": "test"})
    released.write_root_metadata(tmp_path, {compiled.spec.case_id: {"vocab": sorted(map(str, compiled.spec.vocab))}})
    return tmp_path / compiled.spec.case_id


def test_export_then_load_gives_identical_outputs_and_ground_truth(tmp_path, compiled_case):
    from interpbench_harness.hooked_model import build_model
    from interpbench_harness.siit import low_level_config

    compiled = compiled_case("3")
    torch.manual_seed(0)
    model = build_model(low_level_config(compiled))  # a 2-layer, 4-head model as SIIT trains
    case_dir = exported_case(tmp_path, compiled, model)
    assert sorted(p.name for p in case_dir.iterdir()) == ["edges.pkl", "ll_model.pth", "ll_model_cfg.pkl", "meta.json"]
    assert integrity.verify_checksums(tmp_path, "3") == 4
    loaded = released.load_case(case_dir, compiled)
    ids = compiled.batch(100, 1).ids
    assert torch.equal(loaded.model(ids), model(ids))
    assert loaded.ground_truth_qkv == compiled.ground_truth_qkv.embedded(2)
    assert loaded.meta == {"origin": "test", **compiled_cases.encodings(compiled)}
    assert (tmp_path / "benchmark_metadata.json").exists()


def test_a_transformer_lens_1_19_config_dict_loads(tmp_path, compiled_case):
    compiled = compiled_case("8")
    case_dir = exported_case(tmp_path, compiled, compiled.model())
    shape = {key: compiled.config[key] for key in ("n_layers", "n_heads", "d_model", "d_head", "d_mlp", "d_vocab",
                                                  "d_vocab_out", "n_ctx", "act_fn", "attention_dir")}
    (case_dir / "ll_model_cfg.pkl").write_bytes(pickle.dumps({**TL_1_19_EXTRA_KEYS, **shape}))
    ids = compiled.batch(100, 1).ids
    assert torch.equal(released.load_case(case_dir, compiled).model(ids), compiled.model()(ids))

    (case_dir / "ll_model_cfg.pkl").write_bytes(pickle.dumps({**TL_1_19_EXTRA_KEYS, **shape, "normalization_type": "LN"}))
    with pytest.raises(ValueError, match="without LayerNorm"):
        released.load_case(case_dir, compiled)


def test_older_weight_suffixed_file_names_are_found(tmp_path, compiled_case):
    compiled = compiled_case("8")
    case_dir = exported_case(tmp_path, compiled, compiled.model())
    (case_dir / "ll_model.pth").rename(case_dir / "ll_model_510.pth")
    (case_dir / "ll_model_cfg.pkl").rename(case_dir / "ll_model_cfg_510.pkl")
    assert released.load_case(case_dir, compiled).model.cfg.n_layers == compiled.n_layers


def test_another_vocabulary_size_is_refused_naming_both(tmp_path, compiled_case):
    case_dir = exported_case(tmp_path, compiled_case("8"), compiled_case("8").model())
    with pytest.raises(ValueError, match=r"d_vocab is 13 but case 3 compiles to 6"):
        released.load_case(case_dir, compiled_case("3"))  # case 3 has another vocabulary
    config = load_config(case_dir / "ll_model_cfg.pkl")
    (case_dir / "ll_model_cfg.pkl").write_bytes(pickle.dumps({**config, "n_ctx": 12}))
    with pytest.raises(ValueError, match=r"n_ctx is 12 but case 8 compiles to 10"):
        released.load_case(case_dir, compiled_case("8"))


def test_a_renumbered_vocabulary_of_the_same_size_is_refused(tmp_path, compiled_case):
    """Sizes agree but the ids do not: the model would compute garbage without an error."""
    compiled = compiled_case("8")
    case_dir = exported_case(tmp_path, compiled, compiled.model())
    meta = json.loads((case_dir / "meta.json").read_text())
    swapped = [[token, {0: 1, 1: 0}.get(i, i)] for token, i in meta["input_encoding"]]
    meta["input_encoding"] = sorted(swapped, key=lambda pair: pair[1])
    (case_dir / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ValueError, match="input_encoding .* at id 0"):
        released.load_case(case_dir, compiled)


def test_upstreams_own_folder_is_checked_against_upstreams_encodings(tmp_path, compiled_case, monkeypatch):
    """A real release has no token map in meta.json: the ids are upstream's compilation's, which
    the vendored facts hold. Our faithful case passes; a case numbered otherwise is refused."""
    import dataclasses

    compiled = compiled_case("8")
    case_dir = exported_case(tmp_path, compiled, compiled.model())
    (case_dir / "meta.json").write_text(json.dumps({"training_args": {}}))
    assert released.load_case(case_dir, compiled).model.cfg.d_vocab == compiled.config["d_vocab"]
    renamed = dataclasses.replace(compiled, tokens=list(reversed(compiled.tokens)))
    with pytest.raises(ValueError, match="upstream InterpBench's compilation of case 8"):
        released.load_case(case_dir, renamed)


def _fake_hub_cache(root, source_dir, case_id):
    """A huggingface_hub cache holding `source_dir` as `<case_id>/` of the InterpBench repo."""
    import hashlib

    repo = root / "models--cybershiptrooper--InterpBench"
    commit = "0123456789abcdef0123456789abcdef01234567"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    (repo / "blobs").mkdir()
    snapshot = repo / "snapshots" / commit / case_id
    snapshot.mkdir(parents=True)
    for path in source_dir.iterdir():
        content = path.read_bytes()
        if path.suffix == ".pth":  # stored with LFS: the blob is named by its sha256
            blob = hashlib.sha256(content).hexdigest()
        else:  # a small git file: named by its git blob sha1
            blob = hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()
        (repo / "blobs" / blob).write_bytes(content)
        (snapshot / path.name).symlink_to(os.path.relpath(repo / "blobs" / blob, snapshot))
    return repo / "blobs"


def test_the_hub_cache_is_used_only_when_opted_in_and_is_verified(tmp_path, compiled_case, monkeypatch):
    from interpbench_harness.cases.registry import get_case
    from interpbench_harness.store import entries, resolution, shipped

    compiled = compiled_case("8")
    case_dir = exported_case(tmp_path / "export", compiled, compiled.model())
    blobs = _fake_hub_cache(tmp_path / "hub", case_dir, "8")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.delenv(resolution.RELEASED_DIR_ENV, raising=False)
    monkeypatch.setattr(shipped, "SHIPPED_ROOT", tmp_path / "no-shipped")
    monkeypatch.setattr(entries, "user_store_root", lambda: tmp_path / "no-user-store")

    monkeypatch.delenv(resolution.HF_CACHE_ENV, raising=False)
    with pytest.raises(resolution.ModelNotAvailable, match="INTERPBENCH_RELEASED_DIR"):
        resolution.resolve_model(get_case("8"), "interpbench")
    monkeypatch.setenv(resolution.HF_CACHE_ENV, "1")
    assert resolution.resolve_model(get_case("8"), "interpbench").origin == "hf-cache"
    assert hub.hf_cache_case_dir(hub.HF_REPO, "99") is None

    weights_blob = next(p for p in blobs.iterdir() if len(p.name) == 64)
    content = bytearray(weights_blob.read_bytes())
    content[len(content) // 2] ^= 0xFF
    weights_blob.write_bytes(bytes(content))
    with pytest.raises(integrity.CorruptModelError, match="damaged"):
        resolution.resolve_model(get_case("8"), "interpbench")


def test_a_released_ground_truth_is_used_and_its_difference_from_ours_reported(tmp_path, compiled_case, monkeypatch):
    from interpbench_harness.benchmark_case import load_benchmark_case
    from interpbench_harness.cases.registry import get_case
    from interpbench_harness.store import resolution

    compiled = compiled_case("8")
    case_dir = exported_case(tmp_path, compiled, compiled.model())
    (case_dir / "edges.pkl").write_bytes(pickle.dumps([("hook_embed", "blocks.0.hook_resid_post")]))
    (tmp_path / integrity.CHECKSUMS_FILE).unlink()  # a hand-made folder: no checksums
    monkeypatch.setenv(resolution.RELEASED_DIR_ENV, str(tmp_path))
    stored = resolution.resolve_model(get_case("8"), "interpbench")
    assert [edge.name for edge in stored.ground_truth.edges] == ["blocks.0.hook_resid_pre->blocks.0.hook_resid_post"]
    assert "lacks" in stored.ground_truth_note
    case = load_benchmark_case(get_case("8"), "interpbench", n_samples=20)
    assert case.ground_truth == stored.ground_truth and case.ground_truth_note == stored.ground_truth_note


def test_an_exported_case_read_back_as_interpbench_gives_the_same_aurocs(tmp_path, monkeypatch, capsys):
    """`interpbench export` of a faithful case's shipped model, read back through
    --model-source=interpbench, is the same model on the same data with the same ground truth."""
    from interpbench_harness import benchmark_case, cli
    from interpbench_harness.cases.registry import get_case
    from interpbench_harness.evaluation import evaluate
    from interpbench_harness.methods.attribution import edge_attribution_patching
    from interpbench_harness.methods.contract import MethodSettings
    from interpbench_harness.store import resolution

    assert cli.main(["export", str(tmp_path), "--cases", "3"]) == 0
    spec = get_case("3")
    benchmark_case._loaded.cache_clear()
    try:
        ours = benchmark_case.load_benchmark_case(spec, "siit", n_samples=200)
        monkeypatch.setenv(resolution.RELEASED_DIR_ENV, str(tmp_path))
        released = benchmark_case.load_benchmark_case(spec, "interpbench", n_samples=200)
    finally:
        benchmark_case._loaded.cache_clear()
    assert released.model_origin == "released-folder" and released.ground_truth_note == ""
    assert released.ground_truth == ours.ground_truth
    assert torch.equal(released.clean.ids, ours.clean.ids)
    scores = [evaluate(edge_attribution_patching(case, MethodSettings()), case.universe, case.ground_truth)
              for case in (ours, released)]
    assert scores[0] == scores[1]
