"""No method can change what a later method sees, and the time limit holds whatever a method does.

Each probe runs a misbehaving method, then the built-in `eap` on the same case (as the discovery
suite does within one worker), and checks eap's metrics equal those of eap run alone.
"""

import functools
import json
import time

import pytest
import torch
import torch.nn.modules.module as torch_module

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.evaluation import evaluate
from interpbench_harness.method_guard import MethodContractError, guarded_call
from interpbench_harness.methods import EdgeScores
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods

pytest_plugins = ["pytester"]


# Shipped trained models, so nothing is trained or downloaded. Each probe uses a case where the
# damage it does shows in eap's metrics: zeroed clean ids take case 3's eap edge AUROC from
# 1.000 to 0.469; case 8's labels (case 3 is a regression case, eap does not read them) change
# its metrics too.
SOURCE, SAMPLES = "siit", 40
SETTINGS = MethodSettings()
GLOBAL_HOOK_REGISTRIES = ("_global_forward_hooks", "_global_forward_pre_hooks", "_global_backward_hooks",
                          "_global_backward_pre_hooks")


def _case(case_id="3"):
    return load_benchmark_case(get_case(case_id), SOURCE, n_samples=SAMPLES)


def _zeros(case):
    return EdgeScores({e.name: 0.0 for e in case.universe.edges})


def _eap_metrics(case_id="3"):
    case = _case(case_id)
    result = guarded_call(load_methods()["eap"], case, SETTINGS, "eap")
    return evaluate(result, case.universe, case.ground_truth)


@functools.lru_cache(maxsize=None)
def _eap_alone(case_id):
    metrics = _eap_metrics(case_id)
    assert metrics["edge"]["rank_auroc"] > 0.9  # the probes below would be meaningless otherwise
    return metrics


def zeroes_clean_ids(case, settings):
    case.clean.ids.zero_()
    return _zeros(case)


def edits_labels(case, settings):
    case.labels.copy_(case.labels.roll(1, dims=0))  # answers of other rows: silent, in range
    return _zeros(case)


def edits_corrupted_ids(case, settings):
    case.corrupted.ids.fill_(1)
    return _zeros(case)


@pytest.mark.parametrize("contaminate, what, case_id", [(zeroes_clean_ids, "case.clean.ids", "3"),
                                                        (edits_labels, "case.labels", "8"),
                                                        (edits_corrupted_ids, "case.corrupted.ids", "3")])
def test_a_method_that_edits_the_data_fails_and_later_methods_see_the_original(contaminate, what, case_id):
    alone = _eap_alone(case_id)
    with pytest.raises(MethodContractError, match=f"changed {what}"):
        guarded_call(contaminate, _case(case_id), SETTINGS, "contaminate")
    assert _eap_metrics(case_id) == alone


def test_each_case_gets_its_own_copy_of_the_data():
    first, second = _case(), _case()
    assert torch.equal(first.clean.ids, second.clean.ids)
    first.clean.ids.zero_()
    first.labels.zero_()
    assert not torch.equal(first.clean.ids, second.clean.ids) and second.labels.any()


def _global_hooks():
    return {name: dict(getattr(torch_module, name)) for name in GLOBAL_HOOK_REGISTRIES}


def registers_a_global_forward_hook(case, settings):
    torch_module.register_module_forward_hook(lambda module, inputs, output: torch.zeros_like(output)
                                              if isinstance(output, torch.Tensor) else output)
    return _zeros(case)


def registers_global_hooks_of_each_kind(case, settings):
    torch_module.register_module_forward_pre_hook(lambda module, inputs: None)
    torch_module.register_module_full_backward_hook(lambda module, grad_in, grad_out: None)
    return _zeros(case)


def test_a_global_forward_hook_fails_its_method_and_is_removed():
    alone = _eap_alone("3")
    before = _global_hooks()
    with pytest.raises(MethodContractError, match=r"left 1 global module hook.*register_module_forward_hook.*removed"):
        guarded_call(registers_a_global_forward_hook, _case(), SETTINGS, "global_hook")
    assert _global_hooks() == before
    assert _eap_metrics() == alone


def test_global_hooks_of_other_kinds_are_named_and_removed():
    before = _global_hooks()
    with pytest.raises(MethodContractError) as error:
        guarded_call(registers_global_hooks_of_each_kind, _case(), SETTINGS, "global_hooks")
    assert "register_module_forward_pre_hook" in str(error.value)
    assert "register_module_full_backward_hook" in str(error.value)
    assert _global_hooks() == before


def test_global_hooks_are_removed_even_when_the_method_raises():
    def hooks_then_raises(case, settings):
        torch_module.register_module_forward_hook(lambda module, inputs, output: output)
        raise RuntimeError("boom")

    before = _global_hooks()
    with pytest.raises(RuntimeError, match="boom"):
        guarded_call(hooks_then_raises, _case(), SETTINGS, "hooks_then_raises")
    assert _global_hooks() == before


def test_a_permanent_transformer_lens_hook_is_removed():
    def leaves_a_permanent_hook(case, settings):
        case.model.blocks[0].hook_mlp_out.add_hook(lambda activation, hook: activation, is_permanent=True)
        return _zeros(case)

    case = _case()
    with pytest.raises(MethodContractError, match="left 1 hooks attached"):
        guarded_call(leaves_a_permanent_hook, case, SETTINGS, "permanent_hook")
    hook_point = case.model.blocks[0].hook_mlp_out
    assert not hook_point._forward_hooks and not hook_point.fwd_hooks


def swallows_the_timeout(case, settings):
    try:
        time.sleep(2.0)
    except BaseException:  # the harness's interruption, caught: the method goes on
        time.sleep(1.2)
    return _zeros(case)


def test_a_method_that_swallows_the_timeout_still_fails_on_elapsed_time():
    with pytest.raises(MethodContractError, match=r"ran [0-9.]+ s, limit 1 s"):
        guarded_call(swallows_the_timeout, _case(), SETTINGS, "swallows", timeout=1.0)


def test_a_method_within_the_limit_passes():
    assert guarded_call(lambda case, settings: _zeros(case), _case(), SETTINGS, "quick", timeout=5.0)


CONTAMINATING_PLUGIN = '''
from interpbench_harness.methods import EdgeScores, register


@register("contaminate")
def contaminate(case, settings):
    case.clean.ids.zero_()
    case.labels.zero_()
    return EdgeScores({e.name: 0.0 for e in case.universe.edges})
'''


@pytest.mark.subprocess
def test_end_to_end_a_contaminating_plugin_does_not_change_eap(project):
    pytester = project
    (pytester.path / "method_plugins" / "contaminate.py").write_text(CONTAMINATING_PLUGIN)

    def eap_auroc(methods, report):
        pytester.runpytest_subprocess("suites/test_discovery.py", "--cases=3", f"--model-source={SOURCE}",
                                      f"--samples={SAMPLES}", f"--method={methods}", f"--report-json={report}")
        results = json.loads(report.read_text())["results"]
        return {r["method"]: r for r in results}

    alone = eap_auroc("eap", pytester.path / "alone.json")
    mixed = eap_auroc("contaminate,eap", pytester.path / "mixed.json")
    assert "changed case.clean.ids" in mixed["contaminate"]["error"]
    assert mixed["eap"]["metrics"] == alone["eap"]["metrics"]
    assert alone["eap"]["metrics"]["edge"]["rank_auroc"] > 0.9
