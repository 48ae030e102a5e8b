"""Hashes, and the checks that refuse a file that does not match its recorded hash.

Every hash the stores record or check is computed here, and every mismatch raises the one
`CorruptModelError`, so a damaged file reads the same wherever it is found: a store entry
against its manifest, a released folder against its SHA256SUMS, a hub cache file against its
blob name, a compile-cache entry against its meta. This module is the bottom of the store's
imports: it uses numpy, the standard library and `interpbench_harness.atomic` only (no torch),
so the compile cache can use it too.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Callable, Dict, Iterable, Union

import numpy as np

from interpbench_harness import atomic

CHECKSUMS_FILE = "SHA256SUMS"  # `sha256sum -c` format, written by `interpbench export`


class CorruptModelError(ValueError):
    """A stored file does not match its recorded hash; it was not used."""


def sha256_file(path: Union[str, Path]) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_blob_sha1(path: Union[str, Path]) -> str:
    """The name git (and so the huggingface_hub cache) gives a small file's content."""
    content = Path(path).read_bytes()
    return hashlib.sha1(b"blob %d\0" % len(content) + content).hexdigest()


def state_dict_sha256(state: Dict[str, object]) -> str:
    """A hash of weights independent of how they were saved (names, shapes, float32 bytes)."""
    digest = hashlib.sha256()
    for name in sorted(state):
        array = np.ascontiguousarray(np.asarray(state[name], dtype=np.float32))
        digest.update(f"{name}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def model_sha256(model) -> str:
    """`state_dict_sha256` of a model's parameters (buffers such as attention masks left out)."""
    return state_dict_sha256({name: p.detach().numpy() for name, p in model.named_parameters()})


def compiled_fingerprint(compiled) -> str:
    """sha256 of what defines the high-level model: config, weights, token maps, ground truth.

    A stored model records the fingerprint of the compiled case it was trained against, so a
    model never meets a changed program.
    """
    digest = hashlib.sha256()
    digest.update(json.dumps(compiled.config, sort_keys=True).encode())
    for name in sorted(compiled.weights):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(compiled.weights[name], dtype=np.float32).tobytes())
    digest.update(repr([compiled.tokens, compiled.output_values]).encode())
    digest.update(repr([e.name for e in compiled.ground_truth_qkv.sorted_edges()]).encode())
    if not getattr(compiled, "has_compiled_model", True):  # a hand-written high-level model (IOI)
        digest.update(compiled.key.encode())  # its behaviour's digest stands in for the weights
    return digest.hexdigest()


def verify_file(path: Union[str, Path], expected: str, recorded_in: str,
                digest: Callable[[Path], str] = sha256_file, remedy: str = "") -> None:
    """Raise CorruptModelError unless the file's hash (`digest`) is `expected`.

    `recorded_in` names where the expected hash comes from (for the message); `remedy`, when
    given, is appended to it.
    """
    path = Path(path)
    actual = digest(path) if path.exists() else "missing"
    if actual != expected:
        raise CorruptModelError(
            f"{path} has hash {actual[:12]}... but {recorded_in} records {expected[:12]}...: the file is damaged "
            f"or was replaced, so it was not used{remedy}"
        )


def write_checksums(root: Union[str, Path], paths: Iterable[Path]) -> Path:
    """Write `root/SHA256SUMS` listing the files (each inside root); returns its path."""
    root = Path(root)
    lines = [f"{sha256_file(path)}  {Path(path).relative_to(root).as_posix()}" for path in paths]
    atomic.write_text(root / CHECKSUMS_FILE, "\n".join(lines) + "\n")
    return root / CHECKSUMS_FILE


def verify_checksums(root: Union[str, Path], prefix: str = "") -> int:
    """Check the files whose listed name starts with `prefix` against `root/SHA256SUMS`, if the
    folder has one; returns how many were checked. A folder without SHA256SUMS (a hand-made one)
    cannot be checked and is used as is.
    """
    listing = Path(root) / CHECKSUMS_FILE
    if not listing.exists():
        return 0
    checked = 0
    for line in listing.read_text().splitlines():
        expected, _, name = line.partition("  ")
        if name.startswith(prefix):
            verify_file(Path(root) / name, expected, str(listing))
            checked += 1
    return checked
