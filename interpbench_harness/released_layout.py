"""Read InterpBench's released model layout safely: `<case>/ll_model_cfg.pkl`, `ll_model.pth`,
`edges.pkl` (as on the Hugging Face repo `cybershiptrooper/InterpBench`).

These files come from a user's folder or a downloaded cache, so they are untrusted: a pickle
can run any code when loaded. Pickles are read with an allow-list unpickler that resolves only
plain containers, torch dtypes, numpy scalars and TransformerLens's config class; weights go
through `torch.load(weights_only=True)`.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import Dict, Iterable, Tuple

import torch

from interpbench_harness.graph import Circuit, Edge, Port, head_node, input_node, mlp_node, output_node

_CONFIG_CLASS_MODULES = (
    "transformer_lens.HookedTransformerConfig",  # TransformerLens 1.x, as the released files have
    "transformer_lens.config.hooked_transformer_config",  # TransformerLens 3.x
)
_SAFE_GLOBALS = {
    ("numpy", "dtype"),
    ("numpy.core.multiarray", "scalar"),
    ("numpy._core.multiarray", "scalar"),
    ("collections", "OrderedDict"),
    ("builtins", "set"),
    ("builtins", "frozenset"),
}


class UnsafePickleError(pickle.UnpicklingError):
    """The file asked to load something outside the allow-list; it was not loaded."""


class _AllowListUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module == "torch" and isinstance(getattr(torch, name, None), torch.dtype):
            return getattr(torch, name)
        if (module, name) in _SAFE_GLOBALS:
            return super().find_class(module, name)
        if module in _CONFIG_CLASS_MODULES and name == "HookedTransformerConfig":
            from transformer_lens import HookedTransformerConfig

            return HookedTransformerConfig
        raise UnsafePickleError(
            f"refusing to load {module}.{name} from an untrusted pickle: only plain data, torch "
            "dtypes, numpy scalars and HookedTransformerConfig are allowed. If you trust this file "
            "and it is a real InterpBench file, please report the name so it can be allowed."
        )


def safe_load_pickle(path) -> object:
    return _AllowListUnpickler(io.BytesIO(Path(path).read_bytes())).load()


def load_config(path) -> Dict[str, object]:
    """`ll_model_cfg.pkl` as a plain dict (released as a dict, or as a config object for IOI)."""
    raw = safe_load_pickle(path)
    if not isinstance(raw, dict):
        raw = raw.to_dict() if hasattr(raw, "to_dict") else vars(raw)
    return {key: value.item() if hasattr(value, "item") and not isinstance(value, torch.dtype) else value
            for key, value in raw.items()}


def load_weights(path) -> Dict[str, torch.Tensor]:
    """`ll_model.pth`, loaded without running code (`weights_only=True`)."""
    return torch.load(Path(path), map_location="cpu", weights_only=True)


def load_edges(path, n_layers: int) -> Circuit:
    """`edges.pkl` (hook-name pairs at Q/K/V granularity) as a Circuit in our naming."""
    pairs = safe_load_pickle(path)
    if not isinstance(pairs, (list, tuple, set)):
        raise ValueError(f"{path}: expected a list of (sender, receiver) hook names, got {type(pairs).__name__}")
    return Circuit.from_edges(parse_released_edges(pairs, n_layers))


def parse_released_edges(pairs: Iterable[Tuple[str, str]], n_layers: int):
    """Map upstream's hook names to our edges; embeddings and resid_pre all are the input node."""
    edges = set()
    for sender_name, receiver_name in pairs:
        edges.add(Edge(_sender(sender_name), *_receiver(receiver_name, n_layers)))
    return edges


def _split(name: str) -> Tuple[str, "int | None", "int | None"]:
    """('blocks.1.hook_q_input[2]') -> ('hook_q_input', 1, 2); layer/head None when absent."""
    head = None
    if name.endswith("]"):
        name, head_text = name[:-1].split("[")
        head = int(head_text)
    parts = name.split(".")
    if parts[0] == "blocks":
        return ".".join(parts[2:]), int(parts[1]), head
    return name, None, head


def _sender(name: str):
    hook, layer, head = _split(name)
    if hook in ("hook_embed", "hook_pos_embed", "hook_resid_pre"):
        return input_node()
    if hook in ("attn.hook_result", "attn.hook_z") and head is not None:
        return head_node(layer, head)
    if hook == "hook_mlp_out":
        return mlp_node(layer)
    raise ValueError(f"unknown sender hook {name!r} in edges.pkl")


def _receiver(name: str, n_layers: int):
    hook, layer, head = _split(name)
    for port in Port:
        if hook == f"hook_{port.value}_input" and head is not None:
            return head_node(layer, head), port
    if hook in ("hook_mlp_in", "hook_mlp_out"):
        return mlp_node(layer), None
    if hook == "hook_resid_post" and layer == n_layers - 1:
        return output_node(n_layers), None
    raise ValueError(f"unknown receiver hook {name!r} in edges.pkl (model has {n_layers} layers)")
