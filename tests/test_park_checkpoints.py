"""scripts/park-checkpoints.sh: unfinished training carried to a fresh checkout and back."""

import shutil
import subprocess
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "park-checkpoints.sh"
SHIPPED = Path("interpbench_harness/trained_models/siit/case-1.checkpoint.pt")
OTHER_STORE = Path("stores/upstream-recipe/siit/case-2.checkpoint.pt")
PARKED = Path("stores/checkpoints")


def _checkout(root: Path) -> Path:
    (root / "scripts").mkdir(parents=True)
    shutil.copy(SCRIPT, root / "scripts" / SCRIPT.name)
    return root


def _run(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(root / "scripts" / SCRIPT.name), *args], capture_output=True, text=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def test_save_then_restore_into_a_fresh_checkout(tmp_path):
    old = _checkout(tmp_path / "old")
    _write(old / SHIPPED, "one")
    _write(old / OTHER_STORE, "two")
    assert _run(old, "save").returncode == 0
    fresh = _checkout(tmp_path / "fresh")
    shutil.copytree(old / PARKED, fresh / PARKED)  # what git carries over
    assert _run(fresh, "restore").returncode == 0
    assert (fresh / SHIPPED).read_text() == "one"
    assert (fresh / OTHER_STORE).read_text() == "two"


def test_restore_leaves_a_checkpoint_in_place_alone(tmp_path):
    root = _checkout(tmp_path)
    _write(root / SHIPPED, "parked")
    _run(root, "save")
    (root / SHIPPED).write_text("newer")
    result = _run(root, "restore")
    assert (root / SHIPPED).read_text() == "newer"
    assert "kept" in result.stdout


def test_save_drops_cases_finished_since(tmp_path):
    root = _checkout(tmp_path)
    _write(root / SHIPPED, "one")
    _write(root / OTHER_STORE, "two")
    _run(root, "save")
    (root / SHIPPED).unlink()  # accepted: the trainer removes its checkpoint
    _run(root, "save")
    assert not (root / PARKED / SHIPPED).exists()
    assert (root / PARKED / OTHER_STORE).read_text() == "two"
    assert not (root / PARKED / PARKED).exists()  # parked copies are not parked again


def test_unknown_command_is_refused(tmp_path):
    result = _run(_checkout(tmp_path), "bogus")
    assert result.returncode == 2 and "usage" in result.stderr
