"""Ground truth: hand-checked programs, and the behavioural check on the cases."""

import dataclasses

import pytest
from tracr.compiler import lib
from tracr.rasp import rasp

from interpbench_harness.cases import registry
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.compiled_cases import compile_and_verify
from interpbench_harness.graph import Circuit, NodeKind
from interpbench_harness.validity import check_ground_truth, ground_truth_problems


def _names(circuit):
    return {e.name for e in circuit.edges}


def test_case_3_fraction_of_x(compiled_case):
    compiled = compiled_case("3")
    assert (compiled.n_layers, compiled.n_heads) == (2, 1)
    assert _names(compiled.ground_truth) == {
        "blocks.0.hook_resid_pre->blocks.0.hook_mlp_out",
        "blocks.0.hook_resid_pre->blocks.1.attn.hook_result[0]",
        "blocks.0.hook_mlp_out->blocks.1.attn.hook_result[0]",
        "blocks.1.attn.hook_result[0]->blocks.1.hook_resid_post",
    }
    # The head compares positions (query and key read indices) and averages is_x (value).
    assert _names(compiled.ground_truth_qkv) == {
        "blocks.0.hook_resid_pre->blocks.0.hook_mlp_out",
        "blocks.0.hook_resid_pre->blocks.1.hook_q_input[0]",
        "blocks.0.hook_resid_pre->blocks.1.hook_k_input[0]",
        "blocks.0.hook_mlp_out->blocks.1.hook_v_input[0]",
        "blocks.1.attn.hook_result[0]->blocks.1.hook_resid_post",
    }


def test_case_8_identity_is_a_single_mlp(compiled_case):
    assert _names(compiled_case("8").ground_truth) == {
        "blocks.0.hook_resid_pre->blocks.0.hook_mlp_out",
        "blocks.0.hook_mlp_out->blocks.0.hook_resid_post",
    }


def test_hand_checked_two_layer_program():
    # previous token (head: q,k read indices, v reads tokens), then a Map on it (MLP0), then a
    # comparison of that with the current token (MLP1 reads tokens and MLP0's output).
    def program():
        prev = lib.shift_by(1, rasp.tokens).named("prev")
        prev_up = rasp.Map(lambda t: {"a": "b", "b": "a"}.get(t, t), prev).named("prev_up")
        return rasp.SequenceMap(lambda x, y: x == y, prev_up, rasp.tokens).named("same")

    spec = CaseSpec(
        case_id="hand", description="hand-checked", build_program=program,
        reference=lambda t: t, vocab=frozenset({"a", "b"}), causal=True,
    )
    compiled = compile_and_verify(spec)
    assert compiled.verification["exact"]
    assert _names(compiled.ground_truth_qkv) == {
        "blocks.0.hook_resid_pre->blocks.0.hook_q_input[0]",
        "blocks.0.hook_resid_pre->blocks.0.hook_k_input[0]",
        "blocks.0.hook_resid_pre->blocks.0.hook_v_input[0]",
        "blocks.0.attn.hook_result[0]->blocks.0.hook_mlp_out",
        "blocks.0.hook_resid_pre->blocks.1.hook_mlp_out",
        "blocks.0.hook_mlp_out->blocks.1.hook_mlp_out",
        "blocks.1.hook_mlp_out->blocks.1.hook_resid_post",
    }


def _assert_behaves_as_ground_truth(compiled):
    report = check_ground_truth(compiled)
    assert report["outside_edges"] > 0
    assert ground_truth_problems(report) == []
    truth = compiled.ground_truth
    assert any(n.kind is NodeKind.INPUT for n in truth.nodes) and any(n.kind is NodeKind.OUTPUT for n in truth.nodes)
    assert truth.edges <= compiled.universe().edges


@pytest.mark.parametrize("case_id", registry.CI_SUBSET)
def test_ci_ground_truths_are_sufficient_and_necessary(case_id, compiled_case):
    _assert_behaves_as_ground_truth(compiled_case(case_id))



def test_a_wrong_ground_truth_is_caught(compiled_case):
    # Drop case 3's value edge: the head then reads is_x from a sender outside the "truth",
    # and ablating that edge changes outputs; the check must say so.
    compiled = compiled_case("3")
    wrong = Circuit.from_edges(e for e in compiled.ground_truth_qkv.edges if e.port is None or e.port.value != "v")
    problems = ground_truth_problems(check_ground_truth(dataclasses.replace(compiled, ground_truth_qkv=wrong)))
    assert problems and "edges outside the ground truth changed" in problems[0]
