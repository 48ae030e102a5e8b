"""What the suites' tests get: the run's settings, the case, the method and its settings, and
recorders that put a result on the test's report.

Each result rides on its report as plain JSON (`user_properties`), so the controller, which
alone writes the table and the JSON report, gets identical numbers with or without xdist.
"""

from __future__ import annotations

import json
import os

import pytest

from interpbench_harness.plugin import settings as run_settings

RESULT_KEY = "interpbench_result"
REALISM_KEY = "interpbench_realism"


@pytest.fixture(scope="session")
def interpbench_settings(pytestconfig) -> run_settings.RunSettings:
    """The run's settings, parsed and checked once at start-up."""
    return run_settings.of(pytestconfig)


@pytest.fixture
def case(case_spec, interpbench_settings):
    """The BenchmarkCase for this test (data cached per worker; the model is fresh each time), on
    this process's device (`--device`; with xdist and `cuda`, this worker's GPU)."""
    import torch

    from interpbench_harness.benchmark_case import load_benchmark_case

    # Two multi-threaded torch processes on a small machine slow each other down many times over.
    torch.set_num_threads(int(os.environ.get("INTERPBENCH_TORCH_THREADS", "1")))
    if not case_spec.supported:
        pytest.skip(f"case {case_spec.case_id} is unsupported: {case_spec.unsupported}")
    settings = interpbench_settings
    return load_benchmark_case(
        case_spec, settings.model_source, settings.samples, train_missing=settings.train_missing,
        device=settings.worker_device,
    )


@pytest.fixture
def method(method_name, interpbench_settings):
    """The method registered as `method_name` (built-in, from method_plugins/, or installed)."""
    from interpbench_harness.methods.registry import load_methods

    return load_methods(interpbench_settings.plugin_dir)[method_name]


@pytest.fixture
def method_settings(method_name, interpbench_settings):
    """The MethodSettings of this run for this method: seed, sweep values and its options as applied."""
    from interpbench_harness.methods.contract import MethodSettings

    settings = interpbench_settings
    options = dict(settings.method_options.get(method_name, {}))
    return MethodSettings(seed=settings.seed, sweep=settings.sweep, options=options)


@pytest.fixture
def record_benchmark_result(request):
    """Attach a result (plain JSON) to this test's report for the controller to aggregate."""

    def record(payload):
        request.node.user_properties.append((RESULT_KEY, json.loads(json.dumps(payload))))

    return record


@pytest.fixture
def record_realism_result(request):
    """Attach a realism measurement (plain JSON) to this test's report; it lands in the report's
    `realism` list, apart from the discovery results."""

    def record(payload):
        request.node.user_properties.append((REALISM_KEY, json.loads(json.dumps(payload))))

    return record
