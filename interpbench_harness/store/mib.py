"""MIB's copy of InterpBench's IOI model (Hugging Face `mib-bench/interpbench`).

The config is at the root and the weights in a subfolder, and there is no edges.pkl: its ground
truth is the IOI case's, ours. Loaded like a released case folder (`store.released`).
"""

from __future__ import annotations

from pathlib import Path

from interpbench_harness.store.released import ReleasedCase, load_model

MIB_REPO = "mib-bench/interpbench"
MIB_CONFIG = "ll_model_cfg.pkl"
MIB_WEIGHTS_DIR = "ioi_all_splits"


def load_mib_ioi(folder, compiled) -> ReleasedCase:
    """MIB's IOI model folder as a ReleasedCase whose ground truth is the case's own."""
    folder = Path(folder)
    weights_files = sorted((folder / MIB_WEIGHTS_DIR).glob("*.pth"))
    if len(weights_files) != 1:
        raise FileNotFoundError(
            f"{folder / MIB_WEIGHTS_DIR} should hold exactly one .pth weights file (MIB's is "
            f"ll_model_100_100_80.pth); found {[p.name for p in weights_files] or 'none'}"
        )
    model, weights, config = load_model(folder, folder / MIB_CONFIG, weights_files[0], compiled, {})
    meta = {"origin": MIB_REPO, "weights_file": f"{MIB_WEIGHTS_DIR}/{weights_files[0].name}"}
    return ReleasedCase(model, weights, config, compiled.ground_truth_qkv.embedded(int(config["n_layers"])), meta)
