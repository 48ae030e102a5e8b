"""Node and edge subnetwork probing: the lambda sweep trades faithfulness for size, options are checked."""

import ast
from pathlib import Path

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import CI_SUBSET, get_case
from interpbench_harness.evaluation import evaluate, headline_auroc
from interpbench_harness.masked_ablation import StackedEdgeAblation, StackedNodeAblation
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.sp_forward import FastEdgeAblation, FastNodeAblation
from interpbench_harness.methods.subnetwork_probing import (
    ProbeSettings,
    edge_subnetwork_probing,
    node_subnetwork_probing,
)

QUICK = {"epochs": 150, "batch": 40}


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    torch.set_num_threads(1)


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


# The fast path (hand-written forward, `sp_forward`) against the reference (TransformerLens hooks).

AGREEMENT = {"epochs": 60, "batch": 25, "patience": 20}


@pytest.fixture(scope="module", params=CI_SUBSET)
def ci_case(request):
    return load_benchmark_case(get_case(request.param), "tracr", n_samples=100)


def test_the_fast_forward_gives_the_hooked_logits_and_gradients(ci_case):
    nodes = sorted((n for n in ci_case.universe.nodes if n.is_component), key=lambda node: node.order)
    edges = ci_case.universe.sorted_edges()
    generator = torch.Generator().manual_seed(1)
    rows = torch.randperm(ci_case.clean.ids.shape[0], generator=generator)[:30]
    pairs = [(StackedNodeAblation(ci_case, nodes), FastNodeAblation(ci_case, nodes), len(nodes)),
             (StackedEdgeAblation(ci_case, edges), FastEdgeAblation(ci_case, edges), len(edges))]
    for reference, fast, n_items in pairs:
        ablate = torch.rand(5, n_items, generator=generator)
        ablate[0], ablate[1] = 0.0, 1.0
        ablate.requires_grad_(True)
        expected, got = reference.logits(ablate, rows=rows), fast.logits(ablate, rows)
        scale = float(expected.detach().abs().max())
        assert torch.allclose(got, expected, rtol=1e-4, atol=1e-5 * scale)
        (expected_grad,) = torch.autograd.grad(expected.square().sum(), [ablate])
        (got_grad,) = torch.autograd.grad(got.square().sum(), [ablate])
        assert torch.allclose(got_grad, expected_grad, rtol=1e-3, atol=1e-4 * float(expected_grad.abs().max()))


@pytest.mark.parametrize("method", [node_subnetwork_probing, edge_subnetwork_probing])
def test_fast_and_reference_paths_keep_the_same_circuits(ci_case, method):
    fast = method(ci_case, MethodSettings(options={**AGREEMENT, "path": "fast"}))
    reference = method(ci_case, MethodSettings(options={**AGREEMENT, "path": "reference"}))
    assert fast == reference


@pytest.mark.parametrize("method", [node_subnetwork_probing, edge_subnetwork_probing])
def test_the_paths_agree_with_the_metric_faithfulness_on_a_shipped_model(method):
    case = load_benchmark_case(get_case("3"), "siit", n_samples=100)
    options = {**AGREEMENT, "faithfulness": "metric"}
    fast = method(case, MethodSettings(options={**options, "path": "fast"}))
    assert fast == method(case, MethodSettings(options={**options, "path": "reference"}))


def test_copies_whose_every_mask_is_clamped_are_not_run():
    from interpbench_harness.methods.subnetwork_probing import _live_faithfulness

    stretched = torch.tensor([[1.2, 0.3], [0.5, 1.05], [1.01, -0.02]])  # copy 2: every mask clamped, gradient 0
    seen = []

    def masked_logits(ablate, rows):
        seen.append(ablate.detach().clone())
        return ablate[:, None, None, :]  # [copies, rows, pos, out]

    faithfulness = _live_faithfulness(None, masked_logits, stretched, None, torch.zeros(1, 1, 2),
                                      torch.ones(1, 1, dtype=torch.bool), "l2")
    assert torch.equal(seen[0], 1.0 - stretched[:2].clamp(0, 1)) and faithfulness.shape == (2,)
    assert _live_faithfulness(None, masked_logits, stretched[2:], None, None, None, "l2").numel() == 0
    assert len(seen) == 1


def test_an_unknown_path_is_refused():
    with pytest.raises(ValueError, match="path must be 'fast' or 'reference'"):
        ProbeSettings(path="quick")


# Device-agnostic: tests/test_device.py leaves SP's modules to this file.

SP_MODULES = [Path(__file__).resolve().parents[1] / "interpbench_harness" / "methods" / name
              for name in ("subnetwork_probing.py", "sp_forward.py")]
FACTORIES = {"tensor", "as_tensor", "zeros", "ones", "full", "empty", "arange", "linspace", "eye",
             "rand", "randn", "randint", "randperm"}


@pytest.mark.parametrize("path", SP_MODULES, ids=lambda path: path.name)
def test_sp_makes_every_tensor_where_it_says_and_reads_numpy_from_the_cpu(path):
    """A tensor factory names its device, or its line says `# device: cpu` (made there on purpose)."""
    source = path.read_text()
    lines = source.splitlines()
    problems = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        func, line = node.func, lines[node.lineno - 1]
        if isinstance(func.value, ast.Name) and func.value.id == "torch" and func.attr in FACTORIES:
            if not any(keyword.arg == "device" for keyword in node.keywords) and "# device: cpu" not in line:
                problems.append((node.lineno, line.strip()))
        elif func.attr == "numpy" and not (isinstance(func.value, ast.Call) and getattr(func.value.func, "attr", "") == "cpu"):
            problems.append((node.lineno, line.strip()))
    assert not problems


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("method", [node_subnetwork_probing, edge_subnetwork_probing])
@pytest.mark.parametrize("path", ["fast", "reference"])
def test_sp_on_cuda_agrees_with_the_cpu(method, path):
    settings = MethodSettings(sweep=(0.0, 1e-2, 1.0, 1e4), options={**AGREEMENT, "path": path})
    found = {}
    for device in ("cpu", "cuda"):
        case = load_benchmark_case(get_case("3"), "tracr", n_samples=100, device=device)
        found[device] = evaluate(method(case, settings), case.universe, case.ground_truth)
    for level in ("edge", "node"):
        assert headline_auroc(found["cuda"], level) == pytest.approx(headline_auroc(found["cpu"], level), abs=0.01)
