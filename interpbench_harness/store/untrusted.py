"""Reading files from outside (a user's folder, a downloaded cache) without running their code.

A pickle can run any code when loaded. Pickles are read with an allow-list unpickler that
resolves only plain containers, torch dtypes, numpy scalars and TransformerLens's config class;
weights go through `torch.load(weights_only=True)`. Every reader of released models
(`store.released`, `store.mib`) loads through here.
"""

from __future__ import annotations

import io
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Dict

if TYPE_CHECKING:  # imported where a file is read, so that importing the store stays light
    import torch

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
        import torch

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
    import torch

    raw = safe_load_pickle(path)
    if not isinstance(raw, dict):
        raw = raw.to_dict() if hasattr(raw, "to_dict") else vars(raw)
    return {key: value.item() if hasattr(value, "item") and not isinstance(value, torch.dtype) else value
            for key, value in raw.items()}


def load_weights(path) -> Dict[str, torch.Tensor]:
    """`ll_model.pth`, loaded without running code (`weights_only=True`)."""
    import torch

    return torch.load(Path(path), map_location="cpu", weights_only=True)
