"""Turn an assembled tracr model into plain weights and a config for our HookedTransformer.

The result is numpy arrays and a JSON-able dict, so it can be cached without pickles and
loaded without importing tracr or JAX. `interpbench_harness.hooked_model` builds the model.
"""

from __future__ import annotations

from typing import Dict, Tuple

import numpy as np

from interpbench_harness.cases.spec import BOS, PAD, OutputKind
from interpbench_harness.tracr_bridge.compile import TracrCompilation, unembedding_matrix


def model_config(compilation: TracrCompilation) -> Dict[str, object]:
    """Shape and behaviour of the compiled model, in HookedTransformerConfig terms."""
    config = compilation.assembled.model_config
    spec = compilation.spec
    token_ids = compilation.token_to_id
    return {
        "n_layers": int(config.num_layers),
        "n_heads": int(config.num_heads),
        "d_model": len(compilation.assembled.residual_labels),
        "d_head": int(config.key_size),
        "d_mlp": int(config.mlp_hidden_size),
        "d_vocab": len(token_ids),
        "d_vocab_out": len(compilation.output_directions),
        "n_ctx": spec.max_seq_len,
        "act_fn": "relu",
        "attention_dir": "causal" if spec.causal else "bidirectional",
        "pad_token_id": int(token_ids[PAD]),
        "bos_token_id": int(token_ids[BOS]),
        "output_kind": OutputKind(spec.output_kind).value,
    }


def model_weights(compilation: TracrCompilation) -> Dict[str, np.ndarray]:
    """tracr parameters renamed and reshaped into HookedTransformer's state-dict layout."""
    params = compilation.assembled.params
    config = compilation.assembled.model_config
    n_heads, d_head = config.num_heads, config.key_size

    def head_in(w, b) -> Tuple[np.ndarray, np.ndarray]:
        d_model = w.shape[0]
        w = np.asarray(w).reshape(d_model, n_heads, d_head).transpose(1, 0, 2)
        return w, np.asarray(b).reshape(n_heads, d_head)

    weights: Dict[str, np.ndarray] = {
        "embed.W_E": np.asarray(params["token_embed"]["embeddings"]),
        "pos_embed.W_pos": np.asarray(params["pos_embed"]["embeddings"]),
        "unembed.W_U": unembedding_matrix(compilation),
        "unembed.b_U": np.zeros(len(compilation.output_directions)),
    }
    for layer in range(config.num_layers):
        prefix = f"transformer/layer_{layer}"
        block = f"blocks.{layer}"
        for tracr_name, tl_name in (("query", "Q"), ("key", "K"), ("value", "V")):
            p = params[f"{prefix}/attn/{tracr_name}"]
            weights[f"{block}.attn.W_{tl_name}"], weights[f"{block}.attn.b_{tl_name}"] = head_in(
                p["w"], p["b"]
            )
        out = params[f"{prefix}/attn/linear"]
        weights[f"{block}.attn.W_O"] = np.asarray(out["w"]).reshape(n_heads, d_head, -1)
        weights[f"{block}.attn.b_O"] = np.asarray(out["b"])
        fc1, fc2 = params[f"{prefix}/mlp/linear_1"], params[f"{prefix}/mlp/linear_2"]
        weights[f"{block}.mlp.W_in"] = np.asarray(fc1["w"])
        weights[f"{block}.mlp.b_in"] = np.asarray(fc1["b"])
        weights[f"{block}.mlp.W_out"] = np.asarray(fc2["w"])
        weights[f"{block}.mlp.b_out"] = np.asarray(fc2["b"])
    return {name: np.ascontiguousarray(w, dtype=np.float32) for name, w in weights.items()}
