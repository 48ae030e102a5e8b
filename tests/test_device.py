"""--device: parsed and checked at start-up, one GPU per xdist worker, recorded in the report, and
every built-in method (SP aside, tested with its own module) runs on the case's device.

This machine may have no GPU: the CUDA comparison skips without one, and a static check stands
in for it, that the methods and ablation modules make no tensor without saying where.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
import torch

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.evaluation import evaluate, headline_auroc
from interpbench_harness.methods.contract import DiscoveryCase, MethodSettings
from interpbench_harness.methods.registry import load_methods, method_infos
from interpbench_harness.plugin import settings as run_settings

pytest_plugins = ["pytester"]

PACKAGE = Path(__file__).resolve().parents[1] / "interpbench_harness"
CASE = "3"
SAMPLES = 40
SWEEP = (0.0, 0.01, 1.0)
SP_METHODS = ("sp", "edge_sp")  # device-agnostic SP is tested with SP itself (tests/test_subnetwork_probing.py)


@pytest.fixture(scope="module", autouse=True)
def builtins_loaded():
    """Built-ins and the case's modules imported before pytester's sys.modules snapshot (a second
    import registers twice; a module dropped with the snapshot breaks the compiled-case cache key)."""
    load_methods()
    load_benchmark_case(get_case(CASE), "tracr", SAMPLES)


def _builtin_methods():
    load_methods()
    return sorted(name for name, info in method_infos().items() if info.kind == "built-in" and name not in SP_METHODS)


# --- parsing and refusal ---------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["tpu", "cuda:x", "cuda:", "gpu", "cpu:0", "meta"])
def test_an_unknown_device_is_a_usage_error_naming_it_and_the_valid_ones(raw):
    with pytest.raises(pytest.UsageError, match=rf"unknown --device '{raw}'; valid: cpu, cuda, cuda:N .*mps"):
        run_settings._device(raw)


def test_cpu_is_accepted_without_importing_torch():
    code = ("import sys; from interpbench_harness.plugin.settings import _device; "
            "assert _device('cpu') == 'cpu' and _device('CPU') == 'cpu'; print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_cuda_without_a_gpu_is_refused_saying_what_was_found(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    for device in ("cuda", "cuda:0"):
        with pytest.raises(pytest.UsageError, match=rf"--device={device}: no CUDA GPU is available here \(torch .*\); "
                                                    "use --device=cpu"):
            run_settings._device(device)


def test_a_gpu_index_past_the_last_gpu_is_refused_naming_those_there(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    with pytest.raises(pytest.UsageError, match=r"--device=cuda:3: this machine has 1 CUDA GPU \(cuda:0\); no GPU 3"):
        run_settings._device("cuda:3")
    assert run_settings._device("cuda:0") == "cuda:0"
    assert run_settings._device("cuda") == "cuda"


def test_mps_without_mps_is_refused(monkeypatch):
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    with pytest.raises(pytest.UsageError, match=r"--device=mps: MPS is not available here \(.*\); use --device=cpu"):
        run_settings._device("mps")


def test_each_xdist_worker_takes_gpu_worker_index_mod_gpu_count():
    assert [run_settings.worker_device("cuda", f"gw{i}", gpu_count=2) for i in range(5)] == [
        "cuda:0", "cuda:1", "cuda:0", "cuda:1", "cuda:0"]
    assert run_settings.worker_device("cuda", "gw7", gpu_count=8) == "cuda:7"
    assert run_settings.worker_device("cuda", None, gpu_count=2) == "cuda:0"  # a single process
    assert run_settings.worker_device("cuda:1", "gw0", gpu_count=2) == "cuda:1"  # an index is taken as given
    assert run_settings.worker_device("cpu", "gw3") == "cpu"
    assert run_settings.worker_device("mps", "gw1") == "mps"


def _start(project, *args):
    return project.runpytest_inprocess("suites/test_discovery.py", "--model-source=tracr", "--samples=20",
                                       f"--cases={CASE}", *args)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has a GPU: --device=cuda is valid here")
def test_a_run_asking_for_cuda_here_stops_at_start_up(project):
    result = _start(project, "--method=ground_truth", "--device=cuda")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--device=cuda: no CUDA GPU is available here*use --device=cpu*"])
    assert "passed" not in result.stdout.str()


def test_a_bad_device_stops_the_run_naming_the_valid_ones(project):
    result = _start(project, "--method=ground_truth", "--device=tpu")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unknown --device 'tpu'; valid: cpu, cuda, cuda:N*mps*"])


def test_a_worker_asking_for_cuda_runs_on_its_own_gpu(project, monkeypatch):
    """The settings of xdist worker gw5 on a machine with 4 GPUs (faked): cuda:1."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 4)
    seen = []

    class AsWorker:
        @pytest.hookimpl(tryfirst=True)
        def pytest_configure(self, config):
            config.workerinput = {"workerid": "gw5"}  # as xdist sets it on its workers

    class Spy:
        @pytest.hookimpl(trylast=True)
        def pytest_configure(self, config):
            seen.append(run_settings.of(config))

    result = project.runpytest_inprocess("suites/test_discovery.py", "--method=ground_truth", f"--cases={CASE}",
                                         "--device=cuda", "--collect-only", "-p", "no:xdist",
                                         plugins=[AsWorker(), Spy()])
    assert result.ret == pytest.ExitCode.OK
    (settings,) = seen
    assert (settings.device, settings.worker_device) == ("cuda", "cuda:1")
    assert run_settings.report_block(settings)["device"] == "cuda"


def test_cpu_is_the_default_and_is_recorded_in_the_run_block_and_every_result(project, tmp_path):
    for args in ([], ["--device=cpu"]):
        path = tmp_path / f"report{len(args)}.json"
        result = _start(project, "--method=ground_truth,eap", f"--report-json={path}", *args)
        assert result.ret == pytest.ExitCode.OK
        report = json.loads(path.read_text())
        assert report["run"]["device"] == "cpu"
        assert [r["device"] for r in report["results"]] == ["cpu", "cpu"]
        assert all(r["metrics"]["edge"]["rank_auroc"] > 0 for r in report["results"])


# --- the methods on a device -----------------------------------------------------------------


def _metrics(device, names):
    """Each method's metrics on case 3 (tracr) loaded on `device` (None: load_benchmark_case's default)."""
    methods = load_methods()
    found = {}
    for name in names:
        kwargs = {} if device is None else {"device": device}
        case = load_benchmark_case(get_case(CASE), "tracr", SAMPLES, **kwargs)
        found[name] = evaluate(methods[name](case, MethodSettings(sweep=SWEEP)), case.universe, case.ground_truth)
    return found


def test_the_case_exposes_its_device_and_puts_everything_there():
    assert "device" in DiscoveryCase.__annotations__
    default = load_benchmark_case(get_case(CASE), "tracr", SAMPLES)
    explicit = load_benchmark_case(get_case(CASE), "tracr", SAMPLES, device="cpu")
    for case in (default, explicit):
        assert case.device == torch.device("cpu")
        tensors = [case.clean.ids, case.clean.scored, case.corrupted.ids, case.corrupted.scored, case.labels,
                   *case.model.parameters()]
        assert {tensor.device for tensor in tensors} == {case.device}
    assert torch.equal(default.clean.ids, explicit.clean.ids) and torch.equal(default.labels, explicit.labels)


def test_every_builtin_method_gives_the_same_metrics_with_device_cpu_given():
    names = _builtin_methods()
    assert {"acdc", "activation_patching", "eap", "eap_ig", "ground_truth", "random"} <= set(names)
    assert _metrics("cpu", names) == _metrics(None, names)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_every_builtin_method_on_cuda_agrees_with_the_cpu():
    names = _builtin_methods()
    on_cpu = _metrics("cpu", names)
    devices = ["cuda"] + (["cuda:1"] if torch.cuda.device_count() > 1 else [])
    for device in devices:
        on_gpu = _metrics(device, names)
        for name in names:
            assert on_gpu[name]["kind"] == on_cpu[name]["kind"]
            for level in ("edge", "node"):
                cpu_auroc, gpu_auroc = headline_auroc(on_cpu[name], level), headline_auroc(on_gpu[name], level)
                assert gpu_auroc == pytest.approx(cpu_auroc, abs=0.02), (device, name, level)
    case = load_benchmark_case(get_case(CASE), "tracr", SAMPLES, device="cuda")
    assert case.device.type == "cuda" and case.device.index is not None  # recorded with its index
    assert case.clean.ids.device == case.labels.device == case.model.W_E.device == case.device


# --- a static stand-in for a GPU -------------------------------------------------------------

# torch functions that make a tensor on the CPU unless told otherwise.
FACTORIES = {"tensor", "as_tensor", "zeros", "ones", "full", "empty", "arange", "linspace", "logspace", "eye",
             "rand", "randn", "randint", "randperm", "tril_indices", "triu_indices"}
PRAGMA = "# device: cpu"  # on the line: made on the CPU on purpose (and moved, or used there)
# SP's modules (subnetwork_probing.py, sp_*.py) are left to SP's own tests, which make it device-agnostic.
SCANNED = sorted(p for p in (PACKAGE / "methods").glob("*.py")
                 if p.name != "subnetwork_probing.py" and not p.name.startswith("sp_"))
SCANNED += [PACKAGE / "ablation.py", PACKAGE / "masked_ablation.py", PACKAGE / "evaluation.py"]


def _device_problems(path: Path):
    """(line, text) of tensor factories without `device=` and `.numpy()` not called on `.cpu()`."""
    source = path.read_text()
    lines = source.splitlines()
    calls, problems = 0, []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        func, line = node.func, lines[node.lineno - 1]
        if isinstance(func.value, ast.Name) and func.value.id == "torch" and func.attr in FACTORIES:
            calls += 1
            if not any(keyword.arg == "device" for keyword in node.keywords) and PRAGMA not in line:
                problems.append((node.lineno, line.strip()))
        elif func.attr == "numpy" and PRAGMA not in line:
            inner = func.value
            if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Attribute) and inner.func.attr == "cpu"):
                problems.append((node.lineno, line.strip()))
    return calls, problems


def test_methods_and_ablation_make_no_tensor_without_saying_where():
    """Each torch.zeros/tensor/arange/... in the built-in methods (SP aside) and the ablation modules
    passes `device=`, or its line says `# device: cpu` (made on the CPU on purpose); `.numpy()` is
    called on `.cpu()`. A tensor made on the CPU for a model on a GPU fails only on a GPU."""
    total, problems = 0, []
    for path in SCANNED:
        calls, found = _device_problems(path)
        total += calls
        problems += [f"{path.relative_to(PACKAGE.parent)}:{line}: {text}" for line, text in found]
    assert total >= 5, "the scan found almost no tensor factories: is it still looking at the right files?"
    assert not problems, "tensors made without a device:\n" + "\n".join(problems)


def test_the_static_check_catches_a_tensor_made_without_a_device(tmp_path):
    module = tmp_path / "method.py"
    module.write_text("import torch\n"
                      "a = torch.zeros(3)\n"
                      "b = torch.zeros(3, device=x.device)\n"
                      "c = torch.arange(4)  # device: cpu\n"
                      "d = x.numpy()\n"
                      "e = x.cpu().numpy()\n")
    calls, problems = _device_problems(module)
    assert calls == 3 and [line for line, _ in problems] == [2, 5]


# --- reports ---------------------------------------------------------------------------------


def test_merged_shards_on_different_devices_name_both_and_their_results_still_match():
    from interpbench_harness.report.merge import merge_reports

    def shard(index, device, result_device):
        run = {"methods": "random", "cases": "3", "model_source": "tracr", "samples": 20, "seed": 0, "sweep": [0.0],
               "method_options": {"random": {}}, "shard": f"{index}/2", "device": device, "complete": True,
               "python": "3.11", "packages": {}}
        result = {"case": "3", "method": "random", "outcome": "passed", "device": result_device,
                  "metrics": {"kind": "edge_scores"}}
        return {"schema_version": 2, "run": run, "models": {}, "results": [result]}

    merged = merge_reports([shard(1, "cuda", "cuda:1"), shard(2, "cpu", "cpu")], ["a.json", "b.json"])
    assert merged["run"]["device"] == "cpu,cuda"
    assert len(merged["results"]) == 1  # the same pair from both: its numbers match, wherever it ran
    same = merge_reports([shard(1, "cpu", "cpu"), shard(2, "cpu", "cpu")], ["a.json", "b.json"])
    assert same["run"]["device"] == "cpu"
