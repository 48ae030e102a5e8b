"""Replacing a file or a folder so that a reader sees the old version or the new one, never half.

The compile cache and the model store both write entries that other processes (parallel workers,
a second `interpbench train`) may read at any moment; both write them here. The new content is
written beside the target under a `<name>.tmp-<random>` name (same folder, so the same file
system) and renamed into place; a failure while writing removes it and leaves the target as it
was. Stores that list their entries skip names containing `TMP_MARK`.

Only the standard library is imported, so anything may use this module.
"""

from __future__ import annotations

import os
import secrets
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Union

TMP_MARK = ".tmp-"  # in the name of everything written here before its rename


def _sibling(target: Path, tag: str = "") -> Path:
    return target.with_name(f"{target.name}{TMP_MARK}{tag}{secrets.token_hex(6)}")


@contextmanager
def replacing_file(target: Union[str, Path]) -> Iterator[Path]:
    """Yield a temporary path to write the new file at; on success it replaces `target`.

    If the block raises, the temporary file is removed and `target` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(target)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(target: Union[str, Path], text: str) -> None:
    """`target.write_text(text)`, atomically and flushed to disk before the rename."""
    write_bytes(target, text.encode())


def write_bytes(target: Union[str, Path], data: bytes) -> None:
    """`target.write_bytes(data)`, atomically and flushed to disk before the rename."""
    with replacing_file(target) as tmp:
        with open(tmp, "xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())


@contextmanager
def replacing_folder(target: Union[str, Path]) -> Iterator[Path]:
    """Yield a new empty folder to fill; on success it replaces the folder `target`.

    The old folder is renamed aside (a `TMP_MARK` name), the new one renamed in, then the old one
    deleted: a reader finds the old entry, the new one, or, for the instant between the two
    renames, none (which the stores treat as missing and recheck under their lock). If the block
    raises, the new folder is removed and `target` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(target)
    tmp.mkdir()
    try:
        yield tmp
        old = None
        if target.exists():
            old = _sibling(target, "old-")
            os.replace(target, old)
        try:
            os.replace(tmp, target)
        except OSError:
            if old is not None:
                os.replace(old, target)  # put the old entry back
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
