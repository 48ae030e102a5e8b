"""The compiled-case cache: fast reloads, invalidation, corruption, parallel workers."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from interpbench_harness import compiled_cases
from interpbench_harness.cases import registry
from interpbench_harness.compiled_cases import cache_key, load_compiled_case
from interpbench_harness.store.integrity import sha256_file

CASE = "8"  # one MLP: the cheapest case to compile


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(compiled_cases.CACHE_ENV, str(tmp_path))
    return tmp_path / "compiled"


def _refuse_to_compile(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled again although the cache holds this case")

    monkeypatch.setattr(compiled_cases, "compile_and_verify", refuse)


def test_second_load_comes_from_the_cache(cache_dir, monkeypatch):
    spec = registry.get_case(CASE)
    first = load_compiled_case(spec)
    _refuse_to_compile(monkeypatch)
    second = load_compiled_case(spec)
    assert second.ground_truth_qkv == first.ground_truth_qkv
    assert second.tokens == first.tokens and second.output_values == first.output_values
    ids = second.batch(20, 42).ids
    with torch.no_grad():
        torch.testing.assert_close(second.model()(ids), first.model()(ids), rtol=0, atol=0)


def test_changed_settings_get_a_new_key():
    spec = registry.get_case(CASE)
    assert cache_key(spec) == cache_key(spec)
    assert cache_key(dataclasses.replace(spec, max_seq_len=8)) != cache_key(spec)
    assert cache_key(dataclasses.replace(spec, vocab=frozenset({"a", "b"}))) != cache_key(spec)


def test_editing_one_case_file_changes_only_that_cases_key(monkeypatch, tmp_path):
    """Each case is its own file, and its key hashes that file: an edit recompiles one case."""
    import inspect

    three, eight = registry.get_case("3"), registry.get_case(CASE)
    before = cache_key(three), cache_key(eight)
    real = inspect.getsourcefile
    edited_copy = tmp_path / "case_3.py"

    def edited(obj):
        path = real(obj)
        if not path.endswith("case_3.py"):
            return path
        edited_copy.write_text(Path(path).read_text() + "\n# edited\n")
        return str(edited_copy)

    monkeypatch.setattr(compiled_cases.inspect, "getsourcefile", edited)
    assert cache_key(three) != before[0] and cache_key(eight) == before[1]


def test_damaged_entry_is_rebuilt_not_used(cache_dir):
    spec = registry.get_case(CASE)
    load_compiled_case(spec)
    (entry,) = [p for p in cache_dir.iterdir() if p.is_dir()]
    weights = entry / "weights.safetensors"
    weights.write_bytes(weights.read_bytes()[:-8] + b"\0" * 8)
    rebuilt = load_compiled_case(spec)
    assert rebuilt.verification["exact"]
    meta = json.loads((entry / "meta.json").read_text())
    assert meta["weights_sha256"] == sha256_file(weights)


@pytest.mark.subprocess
def test_parallel_workers_compile_once_and_agree(cache_dir):
    script = (
        "import time, json; from interpbench_harness.cases.registry import get_case;"
        "from interpbench_harness.compiled_cases import load_compiled_case;"
        f"c = load_compiled_case(get_case('{CASE}'));"
        "print(json.dumps(sorted(e.name for e in c.ground_truth_qkv.edges)))"
    )
    env = {**__import__("os").environ}
    workers = [
        subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
        for _ in range(3)
    ]
    outputs = [w.communicate(timeout=300)[0] for w in workers]
    assert all(w.returncode == 0 for w in workers)
    assert len(set(outputs)) == 1
    entries = [p.name for p in cache_dir.iterdir()]
    assert len([e for e in entries if not e.endswith(".lock")]) == 1, entries  # no stray temp dirs


def _swap_tokens(meta):
    meta["tokens"][0], meta["tokens"][-1] = meta["tokens"][-1], meta["tokens"][0]


def _edit_ground_truth(meta):
    meta["ground_truth_qkv"] = meta["ground_truth_qkv"][1:]  # one true edge fewer, still valid names


def _flip_a_bit_of_d_model(meta):
    meta["config"]["d_model"] ^= 1


@pytest.mark.parametrize("edit", [_edit_ground_truth, _swap_tokens, _flip_a_bit_of_d_model])
def test_an_edited_meta_json_is_detected_and_rebuilt(cache_dir, edit):
    """Every cached fact is hash-checked: valid JSON with a changed fact is rebuilt, not used."""
    spec = registry.get_case(CASE)
    fresh = load_compiled_case(spec)
    (entry,) = [p for p in cache_dir.iterdir() if p.is_dir()]
    meta_file = entry / "meta.json"
    meta = json.loads(meta_file.read_text())
    edit(meta)
    meta_file.write_text(json.dumps(meta, indent=1))
    assert compiled_cases._read_entry(spec, entry, cache_key(spec)) is None
    rebuilt = load_compiled_case(spec)
    assert rebuilt.ground_truth_qkv == fresh.ground_truth_qkv
    assert rebuilt.tokens == fresh.tokens and rebuilt.output_values == fresh.output_values
    assert rebuilt.config == fresh.config and rebuilt.verification["exact"]
    assert sorted(rebuilt.weights) == sorted(fresh.weights)
    assert all((rebuilt.weights[k] == fresh.weights[k]).all() for k in fresh.weights)
    reloaded = compiled_cases._read_entry(spec, entry, cache_key(spec))  # the rebuilt entry is intact
    assert reloaded is not None and reloaded.tokens == fresh.tokens and reloaded.config == fresh.config
