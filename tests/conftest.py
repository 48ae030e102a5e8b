"""Shared fixtures for the harness's own tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import torch

# Two multi-threaded torch processes on a small machine slow each other down many times over.
torch.set_num_threads(int(os.environ.get("INTERPBENCH_TORCH_THREADS", "1")))


@pytest.fixture(scope="session")
def compiled_case():
    """Load (compiling once if the cache lacks it) a case by id."""
    from interpbench_harness.cases.registry import get_case
    from interpbench_harness.compiled_cases import load_compiled_case

    loaded = {}

    def load(case_id: str):
        if case_id not in loaded:
            loaded[case_id] = load_compiled_case(get_case(case_id))
        return loaded[case_id]

    return load


@pytest.fixture
def project(pytester):
    """A checkout-like folder: the discovery and conformance suites plus a method_plugins/ folder
    (modules using it enable pytester with `pytest_plugins = ["pytester"]`)."""
    repo = Path(__file__).resolve().parents[1]
    (pytester.path / "suites").mkdir()
    for suite in ("test_discovery.py", "test_conformance.py"):
        shutil.copy(repo / "suites" / suite, pytester.path / "suites" / suite)
    (pytester.path / "method_plugins").mkdir()
    pytester.makeini("[pytest]\naddopts = -p no:cacheprovider\n")
    pytester.makeconftest('pytest_plugins = ["interpbench_harness.plugin"]')  # as the checkout's conftest.py
    return pytester
