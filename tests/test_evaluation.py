import math

import pytest

from interpbench_harness.evaluation import MethodResultError, evaluate, headline_auroc
from interpbench_harness.graph import Circuit, Edge, head_node, input_node, mlp_node, output_node, universe
from interpbench_harness.methods.contract import EdgeScores, NodeScores, Sweep

UNIVERSE = universe(2, 1)
# input -> MLP0 -> L1 head -> output
TRUTH = Circuit.from_edges(
    [Edge(input_node(), mlp_node(0)), Edge(mlp_node(0), head_node(1, 0)), Edge(head_node(1, 0), output_node(2))]
)
TRUE_NAMES = {e.name for e in TRUTH.edges}


def test_oracle_scores_are_perfect_at_every_level():
    scores = EdgeScores({e.name: float(e.name in TRUE_NAMES) for e in UNIVERSE.edges})
    metrics = evaluate(scores, UNIVERSE, TRUTH)
    assert headline_auroc(metrics, "edge") == 1.0
    assert headline_auroc(metrics, "node") == 1.0
    assert headline_auroc(metrics, "node_with_io") == 1.0


def test_signed_scores_rank_by_magnitude():
    scores = EdgeScores({e.name: (-5.0 if e.name in TRUE_NAMES else 0.1) for e in UNIVERSE.edges}, signed=True)
    assert headline_auroc(evaluate(scores, UNIVERSE, TRUTH), "edge") == 1.0


def test_node_metrics_with_io_count_input_and_output_as_found():
    # Components ranked worst-first: the true MLP0 and L1 head score lowest.
    components = {"blocks.0.hook_mlp_out": 0.0, "blocks.1.attn.hook_result[0]": 0.0,
                  "blocks.0.attn.hook_result[0]": 1.0, "blocks.1.hook_mlp_out": 1.0}
    scores = NodeScores({**components, "blocks.0.hook_resid_pre": 0.0, "blocks.1.hook_resid_post": 0.0})
    metrics = evaluate(scores, UNIVERSE, TRUTH)
    assert metrics["node"]["rank_auroc"] == 0.0
    # With the two free positives ranked first, 2 of 4 positives beat both negatives.
    assert metrics["node_with_io"]["rank_auroc"] == pytest.approx(0.5)


def test_sweep_gets_pessimistic_auroc_and_nodes_from_kept_edges():
    sweep = Sweep({1.0: frozenset(), 0.1: frozenset(TRUE_NAMES), 0.0: frozenset(e.name for e in UNIVERSE.edges)})
    metrics = evaluate(sweep, UNIVERSE, TRUTH)
    assert metrics["edge"]["pessimistic_auroc"] == 1.0
    assert metrics["node"]["pessimistic_auroc"] == 1.0
    assert metrics["sweep_values"] == [0.0, 0.1, 1.0]


def test_undefined_node_metrics_are_reported_not_raised():
    everything = Circuit.from_edges(UNIVERSE.edges)
    metrics = evaluate(EdgeScores({e.name: 1.0 for e in UNIVERSE.edges}), UNIVERSE, everything)
    assert "undefined" in metrics["node"] and math.isnan(headline_auroc(metrics, "node"))


@pytest.mark.parametrize(
    "result,message",
    [
        (EdgeScores({"x->y": 1.0}), "unknown edge names"),
        (EdgeScores({e.name: 1.0 for e in list(UNIVERSE.edges)[1:]}), "no score for 1 edges"),
        (EdgeScores({e.name: math.inf for e in UNIVERSE.edges}), "not finite"),
        (Sweep({}), "holds no circuits"),
        ({"a": 1.0}, "must return EdgeScores, NodeScores or Sweep"),
    ],
)
def test_contract_violations_say_what_is_wrong(result, message):
    with pytest.raises(MethodResultError, match=message):
        evaluate(result, UNIVERSE, TRUTH)
