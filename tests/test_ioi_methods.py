"""Every built-in method runs on an IOI case and is scored, as on a tracr case.

An untrained model of the IOI shape stands in for the shipped one (the figures of the trained
model are in the issue note and the main job); what is tested is that the methods accept the
case (its 6-layer universe, its answer-logit metric, its head-level ground truth).
"""

import math

import pytest
import torch

from interpbench_harness import data
from interpbench_harness.benchmark_case import BenchmarkCase
from interpbench_harness.cases.registry import get_case
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.evaluation import evaluate, headline_auroc
from interpbench_harness.graph import universe
from interpbench_harness.hooked_model import build_model
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods

OPTIONS = {"sp": {"epochs": 3}, "edge_sp": {"epochs": 3}, "eap_ig": {"steps": 2}}


@pytest.fixture(scope="module")
def ioi_case():
    compiled = load_compiled_case(get_case("ioi_next_token"))
    torch.manual_seed(0)
    model = build_model(compiled.config)
    clean, corrupted = compiled.batch(24, data.CLEAN_SEED), compiled.corrupted_batch(24)
    n_layers, n_heads = model.cfg.n_layers, model.cfg.n_heads
    return BenchmarkCase(compiled.spec, "siit", model, clean, corrupted, compiled.labels(clean),
                         universe(n_layers, n_heads), universe(n_layers, n_heads, qkv=True),
                         compiled.ground_truth.embedded(n_layers))


@pytest.mark.parametrize("name", ["ground_truth", "random", "eap", "eap_ig", "acdc", "sp", "edge_sp"])
def test_each_method_runs_and_is_scored_on_ioi(ioi_case, name):
    method = load_methods()[name]
    settings = MethodSettings(options=OPTIONS.get(name, {}))
    if name == "acdc":
        settings = MethodSettings(sweep=(0.0, 0.1, 1.0))  # three thresholds: a run of seconds
    metrics = evaluate(method(ioi_case, settings), ioi_case.universe, ioi_case.ground_truth)
    auroc = headline_auroc(metrics, "edge")
    assert 0.0 <= auroc <= 1.0 and not math.isnan(auroc)
    if name == "ground_truth":
        assert auroc == 1.0

