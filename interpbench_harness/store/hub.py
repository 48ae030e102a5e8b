"""The local huggingface_hub cache as a source of released models (never downloads).

Cached files are symlinks to blobs named by their hash (sha256 for LFS files, the git blob sha1
for small ones), so every file is checked against its own name before it is used.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from interpbench_harness.store.integrity import git_blob_sha1, sha256_file, verify_file
from interpbench_harness.store.mib import MIB_CONFIG, MIB_REPO, MIB_WEIGHTS_DIR

HF_REPO = "cybershiptrooper/InterpBench"


def hf_cache_case_dir(repo_id: str, case_id: str) -> Optional[Path]:
    """The case's folder in the local huggingface_hub cache (never downloads), verified, or None."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        snapshot = snapshot_download(
            repo_id, local_files_only=True, allow_patterns=[f"{case_id}/*"],
            cache_dir=os.environ.get("HF_HUB_CACHE") or None,
        )
    except LocalEntryNotFoundError:
        return None
    case_dir = Path(snapshot) / case_id
    if not case_dir.is_dir():
        return None
    for path in case_dir.iterdir():
        verify_hf_blob(path)
    return case_dir


def hf_cache_mib_dir() -> Optional[Path]:
    """MIB's IOI model folder in the local huggingface_hub cache (never downloads), verified, or None."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        snapshot = Path(snapshot_download(
            MIB_REPO, local_files_only=True, allow_patterns=[MIB_CONFIG, f"{MIB_WEIGHTS_DIR}/*"],
            cache_dir=os.environ.get("HF_HUB_CACHE") or None,
        ))
    except LocalEntryNotFoundError:
        return None
    if not (snapshot / MIB_CONFIG).exists():
        return None
    for path in [snapshot / MIB_CONFIG, *(snapshot / MIB_WEIGHTS_DIR).glob("*")]:
        verify_hf_blob(path)
    return snapshot


def verify_hf_blob(path: Path) -> None:
    """Check a cached file against the name of the blob it links to (see the module docstring)."""
    blob = Path(os.path.realpath(path))
    digest = {64: sha256_file, 40: git_blob_sha1}.get(len(blob.name))
    if digest is None:
        return  # not a hub blob (a copied file): nothing to check it against
    verify_file(blob, blob.name, f"the name of the blob {path} links to", digest,
                remedy="; delete it from the huggingface_hub cache")
