"""Node and edge subnetwork probing: the lambda sweep trades faithfulness for size, options are checked."""

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.evaluation import evaluate
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.subnetwork_probing import edge_subnetwork_probing, node_subnetwork_probing

QUICK = {"epochs": 150, "batch": 40}


@pytest.fixture(scope="module")
def case():
    return load_benchmark_case(get_case("8"), "tracr", n_samples=200)


@pytest.mark.parametrize("method", [node_subnetwork_probing, edge_subnetwork_probing])
def test_no_penalty_keeps_everything_and_a_huge_one_keeps_nothing(case, method):
    result = method(case, MethodSettings(sweep=(0.0, 1e-2, 1e4), options=QUICK))
    sizes = {value: len(kept) for value, kept in result.circuits.items()}
    assert sizes[0.0] >= sizes[1e-2] >= sizes[1e4] == 0
    assert sizes[0.0] > 0.8 * len(case.universe.edges)
    metrics = evaluate(result, case.universe, case.ground_truth)
    assert metrics["edge"]["pessimistic_auroc"] > 0.8  # the compiled model's circuit is exact


def test_training_is_deterministic_under_a_seed(case):
    settings = MethodSettings(sweep=(1e-3, 1.0), options={"epochs": 40, "batch": 40})
    assert node_subnetwork_probing(case, settings) == node_subnetwork_probing(case, settings)
    edge_subnetwork_probing(case, settings)
    assert all(parameter.grad is None for parameter in case.model.parameters())  # weights stay untouched


@pytest.mark.parametrize("options, message", [
    ({"faithfulness": "kl"}, "faithfulness must be 'l2' or 'metric'"),
    ({"epochs": 0}, "epochs must be a positive integer"),
])
def test_bad_options_are_refused_with_what_to_do(case, options, message):
    with pytest.raises(ValueError, match=message):
        edge_subnetwork_probing(case, MethodSettings(sweep=(1.0,), options=options))


def test_an_unknown_option_is_refused_at_start_up_naming_the_known_ones():
    from interpbench_harness.methods.registry import resolve_options

    with pytest.raises(ValueError, match=r"edge_sp has no option 'epoch' \(did you mean 'epochs'\?\); its options: epochs"):
        resolve_options("edge_sp", {"epoch": 3})


def test_masks_count_as_converged_only_when_none_would_flip_before_the_end():
    from interpbench_harness.methods.subnetwork_probing import _could_still_flip

    steady = [torch.tensor([[3.0, -2.0]])] * 11
    assert not _could_still_flip(steady, remaining=1000)
    falling = [torch.tensor([[1.0 - 0.01 * i, -2.0]]) for i in range(11)]  # 0.9 above 0, falling 0.01 per epoch
    assert _could_still_flip(falling, remaining=100)  # reaches 0 after 90 more epochs
    assert not _could_still_flip(falling, remaining=50)  # the run ends first
    rising_away = [torch.tensor([[0.5 + 0.01 * i, -2.0]]) for i in range(11)]
    assert not _could_still_flip(rising_away, remaining=1000)
