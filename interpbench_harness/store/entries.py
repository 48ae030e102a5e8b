"""Our own store entries: where they live, and reading and writing one with its manifest.

An entry is `<root>/<source>/case-<id>/{model.safetensors, manifest.json}`. The manifest holds
the weights' sha256, checked on every read, and the fingerprint of the compiled case the model
was trained against, so a damaged file is refused and a model never meets a changed program.
Roots are the shipped store (`store.shipped`) and the user's store of locally trained models
(`$INTERPBENCH_CACHE_DIR/trained`, default `~/.cache/interpbench-harness/trained`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Optional, Tuple

import numpy as np

from interpbench_harness import atomic
from interpbench_harness.compiled_cases import cache_root
from interpbench_harness.store.integrity import CorruptModelError, compiled_fingerprint, sha256_file, verify_file

MODEL_FILE = "model.safetensors"
MANIFEST_FILE = "manifest.json"
CHECKPOINT_SUFFIX = ".checkpoint.pt"  # beside the entry while it trains (see store.training)


def user_store_root() -> Path:
    return cache_root().parent / "trained"


def entry_dir(root: Path, source: str, case_id: str) -> Path:
    return Path(root) / source / f"case-{case_id}"


def read_entry(entry: Path, compiled) -> Tuple[str, Optional[Dict[str, object]], Optional[Dict[str, np.ndarray]]]:
    """(status, manifest, weights) of one entry; status is ok, missing, stale or rejected.

    stale: trained against a different compiled case or by another trainer version;
    rejected: trained but it did not meet the criteria. A hash mismatch raises
    CorruptModelError: such a file is never used.
    """
    from safetensors.numpy import load_file

    from interpbench_harness.siit import TRAINER_VERSION

    manifest_path, model_path = entry / MANIFEST_FILE, entry / MODEL_FILE
    if not manifest_path.exists() or not model_path.exists():
        return "missing", None, None
    try:
        manifest = json.loads(manifest_path.read_text())
        recorded = manifest["sha256"][MODEL_FILE]
    except (ValueError, KeyError, TypeError) as error:  # the caller adds the remedy for its store
        raise CorruptModelError(unreadable(manifest_path, error)) from error
    verify_file(model_path, recorded, "its manifest")
    if manifest.get("compiled_fingerprint") != compiled_fingerprint(compiled) or manifest.get(
        "trainer_version"
    ) != TRAINER_VERSION:
        return "stale", manifest, None
    if not manifest.get("accepted"):
        return "rejected", manifest, None
    return "ok", manifest, load_file(str(model_path))


def write_entry(entry: Path, weights: Dict[str, np.ndarray], manifest: Dict[str, object]) -> Dict[str, object]:
    """Write weights and manifest atomically (see `interpbench_harness.atomic`); returns the
    manifest as written, with the weights file's sha256."""
    from safetensors.numpy import save_file

    with atomic.replacing_folder(entry) as tmp:
        save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}, str(tmp / MODEL_FILE))
        manifest = {**manifest, "sha256": {MODEL_FILE: sha256_file(tmp / MODEL_FILE)}}
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return manifest


def unreadable(manifest_path: Path, error: Exception) -> str:
    """The message for a manifest that cannot be read (the caller adds its store's remedy)."""
    return f"{manifest_path} is unreadable ({type(error).__name__}: {error}): the file is damaged, so it was not used"


def json_ready(value):
    """JSON-ready copy for a manifest (tuples to lists, dtypes and other objects to strings)."""
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_ready(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
