"""The discovery benchmark: run each selected method on each selected case and score it.

    pytest suites/test_discovery.py --method=ground_truth,random --cases=paper16 -n 2

A test passes when the method returned a valid result and it was scored; the AUROCs go to the
table and the JSON report, not into assertions.
"""

import time

from interpbench_harness.cost import metered
from interpbench_harness.evaluation import evaluate, headline_auroc
from interpbench_harness.report.schema import discovery_result


def test_discovery(case, method, method_name, method_settings, record_benchmark_result, interpbench_settings):
    from interpbench_harness.method_guard import guarded_call  # here, not above: it imports torch, which collecting should not

    payload = discovery_result(case, method_name)  # declared in interpbench_harness.report.schema
    timeout = interpbench_settings.method_timeout
    cost, started = {}, time.perf_counter()
    try:
        with metered(case.model) as cost:  # passes through the model and peak memory
            result = guarded_call(method, case, method_settings, method_name, timeout)
        payload["seconds"], payload["cost"] = time.perf_counter() - started, cost
        payload["metrics"] = evaluate(result, case.universe, case.ground_truth)
    except Exception as error:
        payload.setdefault("seconds", time.perf_counter() - started)
        payload.setdefault("cost", cost)
        payload["error"] = f"{type(error).__name__}: {error}"
        record_benchmark_result(payload)
        raise
    record_benchmark_result(payload)
    minimum = interpbench_settings.min_auroc
    edge_auroc = headline_auroc(payload["metrics"], "edge")
    if minimum is not None:
        assert edge_auroc >= minimum, f"edge AUROC {edge_auroc:.3f} is below --min-auroc {minimum}"
