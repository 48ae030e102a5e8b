"""Every benchmark model is built here, so a move to another TransformerLens version stays local.

The models are TransformerLens 3.x `HookedTransformer`s without LayerNorm, with the hooks
circuit-discovery methods need switched on: per-head `attn.hook_result`, split q/k/v inputs
(`hook_q_input` ...) and `hook_mlp_in`.

Inputs are `[BOS] + tokens + [PAD]*`. TransformerLens applies a padding mask only to causal
attention, so PAD keys are masked here, for both attention kinds, by a permanent hook on each
layer's attention scores; `forward` records where the PADs are before every run.
"""

from __future__ import annotations

import contextlib
from typing import Dict, Mapping, Optional

import numpy as np
import torch
from transformer_lens import HookedTransformer, HookedTransformerConfig

_TL_CONFIG_KEYS = (
    "n_layers",
    "n_heads",
    "d_model",
    "d_head",
    "d_mlp",
    "d_vocab",
    "d_vocab_out",
    "n_ctx",
    "act_fn",
    "attention_dir",
)


class MissingTokensError(ValueError):
    pass


class PadMaskedTransformer(HookedTransformer):
    """A HookedTransformer whose attention never reads PAD positions."""

    def __init__(self, cfg: HookedTransformerConfig, pad_token_id: int, bos_token_id: int):
        super().__init__(cfg)
        self.pad_token_id = pad_token_id
        self.bos_token_id = bos_token_id
        self._pad_keys: Optional[torch.Tensor] = None  # [batch, key_pos], on the model's device; None: no PAD
        for block in self.blocks:
            block.attn.hook_attn_scores.add_hook(self._mask_pad_keys, is_permanent=True)

    def _mask_pad_keys(self, scores: torch.Tensor, hook) -> torch.Tensor:
        # scores: [batch, head, query_pos, key_pos]
        if self._pad_keys is None:
            return scores
        return scores.masked_fill(self._pad_keys[:, None, None, :], float("-inf"))

    def forward(self, input, *args, **kwargs):
        activations_given = torch.is_tensor(input) and input.is_floating_point()
        tokens = kwargs.get("tokens") if activations_given else input
        if tokens is None:
            raise MissingTokensError(
                "this model masks PAD positions, so it needs the token ids: when you pass "
                "activations instead of tokens, also pass tokens=<the token ids>"
            )
        pad_keys = torch.as_tensor(tokens) == self.pad_token_id
        # Checked once per run, not per layer (on a GPU each check waits for the device); tokens
        # given on another device than the model's (TransformerLens moves them) are masked here.
        self._pad_keys = pad_keys.to(self.W_E.device) if bool(pad_keys.any()) else None
        try:
            return super().forward(input, *args, **kwargs)
        finally:
            self._pad_keys = None


def build_model(config: Mapping[str, object], weights: Optional[Mapping[str, np.ndarray]] = None):
    """A PadMaskedTransformer of this shape, with `weights` (a state dict) loaded if given."""
    cfg = HookedTransformerConfig(
        **{key: config[key] for key in _TL_CONFIG_KEYS},
        normalization_type=None,
        positional_embedding_type="standard",
        use_attn_result=True,
        use_split_qkv_input=True,
        use_hook_mlp_in=True,
        default_prepend_bos=False,
        device="cpu",
        dtype=torch.float32,
    )
    model = PadMaskedTransformer(cfg, int(config["pad_token_id"]), int(config["bos_token_id"]))
    if weights is not None:
        load_weights(model, weights)
    model.eval()
    return model


def config_from_transformer_lens(tl_config: Mapping[str, object]) -> Dict[str, object]:
    """Our model config from a TransformerLens config dict (1.x or 3.x `to_dict()`).

    Only the shape keys are read, so keys a TransformerLens version added or dropped do not
    matter; models with LayerNorm or non-standard positions are refused (ours have neither).
    """
    missing = [key for key in _TL_CONFIG_KEYS if key not in tl_config]
    if missing:
        raise ValueError(f"not a TransformerLens config: it lacks {', '.join(missing)}")
    normalization = tl_config.get("normalization_type")
    if normalization not in (None, "None"):
        raise ValueError(f"the model uses normalization_type={normalization!r}; the harness builds models without LayerNorm")
    positional = tl_config.get("positional_embedding_type", "standard")
    if positional != "standard":
        raise ValueError(f"the model uses positional_embedding_type={positional!r}; only 'standard' is supported")
    return {key: tl_config[key] for key in _TL_CONFIG_KEYS}


def load_weights(model: HookedTransformer, weights: Mapping[str, np.ndarray]) -> None:
    """Load a state dict, refusing unknown or missing parameters (buffers may be absent)."""
    state = {name: torch.from_numpy(np.array(value, dtype=np.float32)) for name, value in weights.items()}
    expected = dict(model.named_parameters())
    unknown = sorted(set(state) - set(model.state_dict()))
    missing = sorted(set(expected) - set(state))
    if unknown or missing:
        raise ValueError(
            f"weights do not fit this model: unknown {unknown[:5]}, missing {missing[:5]}"
        )
    model.load_state_dict(state, strict=False)



@contextlib.contextmanager
def computing_in(model, dtype: torch.dtype):
    """The model converted to `dtype` in place for the block, then back.

    float32 -> float64 -> float32 is exact, so the weights come back bit for bit. The config's
    dtype follows (TransformerLens's own `to`, without its printing).
    """
    original = next(model.parameters()).dtype
    model.to(dtype, print_details=False)
    try:
        yield model
    finally:
        model.to(original, print_details=False)


@contextlib.contextmanager
def attention_switches(model, per_head_results: bool, split_qkv_inputs: bool):
    """Set the two costly attention hooks for the block, then restore them (also on error).

    Per-head results (`attn.hook_result`) make TransformerLens multiply out a
    [batch, pos, head, d_head, d_model] tensor: on case 11 (d_head 47, d_model 80) a pass took
    2.6 s with it and 0.39 s without. Code that needs a head's output can read `hook_z` and
    multiply by the head's W_O itself. Split q/k/v inputs are needed only to patch edges into
    a head's query, key or value.
    """
    saved = model.cfg.use_attn_result, model.cfg.use_split_qkv_input
    model.cfg.use_attn_result, model.cfg.use_split_qkv_input = per_head_results, split_qkv_inputs
    try:
        yield model
    finally:
        model.cfg.use_attn_result, model.cfg.use_split_qkv_input = saved
