"""`interpbench_harness.atomic`: a failed write leaves the old file or folder, and no temporary."""

import os

import pytest

from interpbench_harness import atomic


def _leftovers(folder):
    return [p.name for p in folder.iterdir() if atomic.TMP_MARK in p.name]


def test_a_file_is_replaced_whole(tmp_path):
    target = tmp_path / "meta.json"
    atomic.write_text(target, "old")
    atomic.write_text(target, "new")
    assert target.read_text() == "new" and _leftovers(tmp_path) == []
    atomic.write_bytes(tmp_path / "sub" / "w.bin", b"\x00\x01")  # the folder is created
    assert (tmp_path / "sub" / "w.bin").read_bytes() == b"\x00\x01"


def test_a_failure_mid_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "meta.json"
    atomic.write_text(target, "old")
    with pytest.raises(RuntimeError, match="disk full"):
        with atomic.replacing_file(target) as tmp:
            tmp.write_text("half of the ne")
            raise RuntimeError("disk full")
    assert target.read_text() == "old" and _leftovers(tmp_path) == []

    def failing_fsync(fd):
        raise OSError("I/O error")

    monkeypatch.setattr(atomic.os, "fsync", failing_fsync)  # the new bytes are written, not yet synced
    with pytest.raises(OSError, match="I/O error"):
        atomic.write_text(target, "new")
    assert target.read_text() == "old" and _leftovers(tmp_path) == []


def test_a_folder_is_replaced_whole_and_a_failure_keeps_the_old_one(tmp_path):
    entry = tmp_path / "case-3"
    with atomic.replacing_folder(entry) as tmp:
        (tmp / "model.safetensors").write_bytes(b"old weights")
        (tmp / "manifest.json").write_text("old")
    with pytest.raises(RuntimeError):
        with atomic.replacing_folder(entry) as tmp:
            (tmp / "model.safetensors").write_bytes(b"new weights")
            raise RuntimeError("killed before the manifest")
    assert sorted(p.name for p in entry.iterdir()) == ["manifest.json", "model.safetensors"]
    assert (entry / "model.safetensors").read_bytes() == b"old weights" and _leftovers(tmp_path) == []
    with atomic.replacing_folder(entry) as tmp:
        (tmp / "manifest.json").write_text("new")
    assert [p.name for p in entry.iterdir()] == ["manifest.json"] and (entry / "manifest.json").read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_puts_the_old_folder_back(tmp_path, monkeypatch):
    entry = tmp_path / "case-3"
    with atomic.replacing_folder(entry) as tmp:
        (tmp / "manifest.json").write_text("old")
    real_replace = os.replace

    def failing_replace(src, dst):
        if atomic.TMP_MARK in str(src) and "old-" not in str(src):  # the new folder's rename
            raise OSError("rename failed")
        return real_replace(src, dst)

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="rename failed"):
        with atomic.replacing_folder(entry) as tmp:
            (tmp / "manifest.json").write_text("new")
    assert (entry / "manifest.json").read_text() == "old" and _leftovers(tmp_path) == []


def test_written_files_get_the_usual_permissions(tmp_path):
    """Not mkstemp's/mkdtemp's owner-only modes: a shipped store must be readable by others."""
    umask = os.umask(0o022)
    os.umask(umask)
    atomic.write_text(tmp_path / "f", "x")
    with atomic.replacing_folder(tmp_path / "d") as tmp:
        (tmp / "g").write_text("y")
    assert (tmp_path / "f").stat().st_mode & 0o777 == 0o666 & ~umask
    assert (tmp_path / "d").stat().st_mode & 0o777 == 0o777 & ~umask
