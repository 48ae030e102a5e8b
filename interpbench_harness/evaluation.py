"""Check a method's result against the contract and score it against the ground truth.

Everything returned is plain JSON data, because it rides on pytest's test reports across
xdist workers to the process that writes the table and the report.
"""

from __future__ import annotations

import math
import numbers
from typing import Dict, Mapping, Optional, Set

from interpbench_harness import scoring
from interpbench_harness.graph import Circuit, NodeKind
from interpbench_harness.methods.contract import EdgeScores, NodeScores, Sweep


class MethodResultError(ValueError):
    """A method returned something the contract does not allow; the message says what."""


def _check_scores(scores: Mapping[str, float], expected: Set[str], what: str) -> Dict[str, float]:
    """The scores as Python floats, after checking that every expected name has a finite number.

    A number is a Python int or float, a numpy scalar or a 0-d array or tensor holding one.
    """
    if not isinstance(scores, Mapping):
        raise MethodResultError(f"{what} scores must be a mapping of name -> float, got {type(scores).__name__}")
    unknown = set(scores) - expected
    missing = expected - set(scores)
    if unknown:
        raise MethodResultError(
            f"{len(unknown)} unknown {what} names, e.g. {sorted(unknown)[:3]}; valid names are case.universe's"
        )
    if missing:
        raise MethodResultError(
            f"no score for {len(missing)} {what}s, e.g. {sorted(missing)[:3]}; score every {what} of case.universe"
        )
    as_floats = {name: _as_number(value) for name, value in scores.items()}
    bad = [name for name, value in as_floats.items() if value is None or not math.isfinite(value)]
    if bad:
        raise MethodResultError(f"{len(bad)} {what} scores are not finite numbers, e.g. {bad[0]}={scores[bad[0]]!r}")
    return as_floats


def _as_number(value) -> Optional[float]:
    """float(value) for a real number (numpy scalars and 0-d arrays or tensors included), else None."""
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):  # a 0-d numpy array or torch tensor
        value = value.item()
    if isinstance(value, numbers.Real):  # int, float, bool and numpy's real scalars; not complex, not str
        return float(value)
    return None


def _summary(scores: Mapping[str, float], truth: Set[str]) -> Dict[str, object]:
    """Score metrics, or why they are undefined (every item true, or none)."""
    if not truth or truth >= set(scores):
        return {"undefined": "every item is in the ground truth: no false item to rank against"}
    return scoring.summarize(scores, truth)


def _component_scores(node_scores: Mapping[str, float], universe: Circuit) -> Dict[str, float]:
    return {n.name: node_scores[n.name] for n in universe.nodes if n.is_component}


def _components(circuit: Circuit) -> Set[str]:
    return {n.name for n in circuit.nodes if n.is_component}


def _ends(circuit: Circuit) -> Set[str]:
    """The input and output nodes: in every circuit, so upstream counts them as free positives."""
    return {n.name for n in circuit.nodes if n.kind in (NodeKind.INPUT, NodeKind.OUTPUT)}


def _with_ends(component_scores: Mapping[str, float], universe: Circuit) -> Dict[str, float]:
    top = max(component_scores.values(), default=0.0) + 1.0
    return {**component_scores, **{name: top for name in _ends(universe)}}


def _ranked(scores: Mapping[str, float], signed: bool) -> Dict[str, float]:
    """Scores as ranked: by magnitude when the method declared its sign meaningful."""
    return {k: abs(v) if signed else float(v) for k, v in scores.items()}


def _node_metrics(node_scores: Mapping[str, float], universe: Circuit, true_components: Set[str]) -> Dict[str, object]:
    """Node metrics over heads and MLPs, and again with input and output as free positives."""
    components = _component_scores(node_scores, universe)
    return {
        "node": _summary(components, true_components),
        "node_with_io": _summary(_with_ends(components, universe), true_components | _ends(universe)),
    }


def _edge_score_metrics(edge_scores: Mapping[str, float], universe: Circuit, truth: Circuit) -> Dict[str, object]:
    """Edge metrics, and node metrics where a node is as important as its most important edge."""
    low = min(edge_scores.values(), default=0.0)
    node_scores = {node.name: low for node in universe.nodes}
    for edge in universe.edges:
        for node in (edge.sender, edge.receiver):
            node_scores[node.name] = max(node_scores[node.name], edge_scores[edge.name])
    return {
        "edge": _summary(edge_scores, {e.name for e in truth.edges}),
        **_node_metrics(node_scores, universe, _components(truth)),
    }


def evaluate(result, universe: Circuit, truth: Circuit) -> Dict[str, object]:
    """Validate `result` and compute its edge and node metrics (plain JSON)."""
    edge_names = {e.name for e in universe.edges}
    node_names = {n.name for n in universe.nodes}
    true_edges = {e.name for e in truth.edges}
    true_components = _components(truth)
    component_universe = _components(universe)

    if isinstance(result, EdgeScores):
        scores = _check_scores(result.scores, edge_names, "edge")
        return {"kind": "edge_scores", **_edge_score_metrics(_ranked(scores, result.signed), universe, truth)}
    if isinstance(result, NodeScores):
        scores = _check_scores(result.scores, node_names, "node")
        return {"kind": "node_scores", **_node_metrics(_ranked(scores, result.signed), universe, true_components)}
    if isinstance(result, Sweep):
        if not result.circuits:
            raise MethodResultError("the sweep holds no circuits")
        for value, kept in result.circuits.items():
            unknown = set(kept) - edge_names
            if unknown:
                raise MethodResultError(f"sweep value {value}: {len(unknown)} unknown edge names, e.g. {sorted(unknown)[:3]}")
        found_edges = [set(kept) for _, kept in sorted(result.circuits.items())]
        found_nodes = [{part for name in kept for part in name.split("->")} & component_universe for kept in found_edges]
        ends = _ends(universe)
        from_scores = {}
        if result.edge_scores is not None:
            edge_scores = _check_scores(result.edge_scores, edge_names, "edge")
            from_scores = {f"{level}_from_scores": metrics for level, metrics in
                           _edge_score_metrics(edge_scores, universe, truth).items()}
        return {
            "kind": "sweep",
            **from_scores,
            "sweep_values": sorted(result.circuits),
            "edge": scoring.sweep_auroc(found_edges, true_edges, edge_names),
            "node": scoring.sweep_auroc(found_nodes, true_components, component_universe),
            "node_with_io": scoring.sweep_auroc(
                [nodes | ends for nodes in found_nodes], true_components | ends, component_universe | ends
            ),
        }
    raise MethodResultError(
        f"a method must return EdgeScores, NodeScores or Sweep (interpbench_harness.methods), got {type(result).__name__}"
    )


def headline_auroc(metrics: Mapping[str, object], level: str) -> float:
    """The AUROC shown in tables: rank AUROC for scores, pessimistic AUROC for sweeps."""
    part = metrics.get(level)
    if part is None or "undefined" in part:
        return float("nan")
    return part.get("rank_auroc", part.get("pessimistic_auroc"))
