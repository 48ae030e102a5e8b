"""Reading InterpBench's released files: safe unpickling, weights, and ground-truth edges."""

import os
import pickle

import pytest
import torch
from transformer_lens import HookedTransformerConfig

from interpbench_harness import released_layout
from interpbench_harness.released_layout import UnsafePickleError, load_config, load_edges, load_weights

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
    unpickler = released_layout._AllowListUnpickler(open(os.devnull, "rb"))
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
        released_layout.parse_released_edges([("hook_embed", "blocks.0.attn.hook_pattern")], 2)
