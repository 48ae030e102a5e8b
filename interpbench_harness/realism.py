"""The paper's realism checks: is a SIIT model more like a naturally trained one than tracr's is?

InterpBench (arXiv 2407.14494) compares three models of one case: `siit` (the benchmark's),
`natural` (same shape, trained on behaviour alone) and `tracr` (the compiled model). Every
measurement runs on the case's clean/corrupted pairs, the ones discovery methods see. A
prediction is the argmax class or, for numerical outputs, the value within
`siit.evaluation.TOLERANCE`; every fraction is over scored positions (never BOS or PAD).

- node effect: per head and MLP, the fraction of predictions that change when that node alone
  is resample-ablated (`siit.evaluation.evaluate`'s resample effect, the figure SIIT acceptance
  reports), split into ground-truth nodes and the rest;
- ground-truth-circuit accuracy: every head and MLP outside the ground truth resample-ablated
  at once; the fraction of predictions that agree with the unablated model's;
- weights: counts of |w| over every weight matrix (biases left out) on fixed log-spaced bins,
  shared by all kinds and cases, and the exact zeros apart (tracr's weights are mostly zero);
- ACDC: the circuit ACDC keeps at each sweep threshold, its accuracy (every edge outside it
  resample-ablated, agreement with the unablated model), and the Pearson correlation of the
  siit and tracr accuracy curves with the natural model's (the paper: 0.92 and 0.51 on
  average over 11 cases).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import torch
from tabulate import tabulate

from interpbench_harness.ablation import corrupted_outputs, run_unpatched, run_with_ablated_edges, run_with_ablated_nodes
from interpbench_harness.cases.registry import id_order
from interpbench_harness.report.schema import RealismEntry
from interpbench_harness.siit.evaluation import matches, predictions, scored_mean

KINDS = ("siit", "natural", "tracr")
REFERENCE_KIND = "natural"  # what the other kinds' ACDC curves are correlated with
PAPER_CORRELATION = {"siit": 0.92, "tracr": 0.51}  # mean over the paper's 11 cases
MAGNITUDE_EDGES = tuple(10.0 ** (quarter / 4) for quarter in range(-16, 13))  # 1e-4 to 1e3, four bins a decade
SUMMARY_COLUMNS = ("case", "kind", "GT node effect", "other node effect", "GT-circuit acc", "zero weights", "weight std",
                   "ACDC acc", "r vs natural")


def load_kinds(spec, samples: int) -> Tuple[Dict[str, object], Dict[str, str]]:
    """The case under every kind that has a model, and why each other kind has none.

    Only a missing model is tolerated (`ModelNotAvailable`); a damaged one still raises.
    """
    from interpbench_harness.benchmark_case import load_benchmark_case
    from interpbench_harness.store.resolution import ModelNotAvailable

    cases, missing = {}, {}
    for kind in KINDS:
        try:
            cases[kind] = load_benchmark_case(spec, kind, samples)
        except ModelNotAvailable as error:
            missing[kind] = str(error)
            if kind in ("siit", "natural"):
                missing[kind] += (f" To ship one: `interpbench train --source {kind} --cases={spec.case_id} "
                                  "--out interpbench_harness/trained_models`.")
    return cases, missing


def agreement(reference: torch.Tensor, logits: torch.Tensor, case) -> float:
    """The fraction of scored positions where `logits` predict what `reference` predicts."""
    regression = case.is_regression
    return scored_mean(matches(predictions(logits, regression), predictions(reference, regression), regression),
                       case.clean.scored)


def _circuit_components(case) -> set:
    return {node for node in case.ground_truth.nodes if node.is_component}


def node_effects(case) -> Dict[str, object]:
    """Each head's and MLP's resample effect, ground-truth nodes apart from the others."""
    from interpbench_harness.compiled_cases import load_compiled_case
    from interpbench_harness.siit import evaluate

    effect = evaluate(load_compiled_case(case.spec), case.model, base=case.clean, source=case.corrupted)["resample_effect"]
    in_circuit = {node.name for node in _circuit_components(case)}
    groups = {"circuit": {n: v for n, v in effect.items() if n in in_circuit},
              "non_circuit": {n: v for n, v in effect.items() if n not in in_circuit}}
    return {**groups, **{f"{group}_stats": summary_stats(values.values()) for group, values in groups.items()}}


def summary_stats(values) -> Dict[str, object]:
    """n, mean, median and max: enough to compare distributions in a table (the values are kept too)."""
    values = sorted(values)
    if not values:
        return {"n": 0}
    return {"n": len(values), "mean": statistics.fmean(values), "median": statistics.median(values), "max": values[-1]}


def ground_truth_accuracy(case) -> Dict[str, object]:
    """Agreement with the unablated model when every head and MLP outside the ground truth is ablated."""
    model, clean, corrupted = case.model, case.clean.ids, case.corrupted.ids
    circuit = _circuit_components(case)
    outside = [node for node in case.universe.sorted_nodes() if node.is_component and node not in circuit]
    reference = run_unpatched(model, clean)
    ablated = run_with_ablated_nodes(model, clean, corrupted, outside)
    return {"accuracy": agreement(reference, ablated, case), "ablated_nodes": len(outside)}


def weight_histogram(model) -> Dict[str, object]:
    """|w| of every weight matrix counted on `MAGNITUDE_EDGES`, with zeros and the tails apart."""
    signed = np.concatenate([p.detach().cpu().numpy().ravel().astype(np.float64)
                             for name, p in model.named_parameters() if name.rsplit(".", 1)[-1].startswith("W_")])
    magnitude = np.abs(signed)
    counts, _ = np.histogram(magnitude, bins=MAGNITUDE_EDGES)
    variance = float(signed.var())
    return {
        "counts": counts.tolist(),
        "zero": int((magnitude == 0).sum()),
        "below": int(((magnitude > 0) & (magnitude < MAGNITUDE_EDGES[0])).sum()),
        "above": int((magnitude > MAGNITUDE_EDGES[-1]).sum()),
        "n": int(signed.size),
        "zero_fraction": float((magnitude == 0).mean()),
        "std": variance ** 0.5,
        "max_abs": float(magnitude.max()),
        # Heavy tails: a few large weights among many near zero, as tracr writes them.
        "excess_kurtosis": float(((signed - signed.mean()) ** 4).mean() / variance**2 - 3) if variance else None,
    }


def acdc_accuracy_curve(case, thresholds: Sequence[float]) -> Dict[str, object]:
    """ACDC's circuit at each threshold and its accuracy with every other edge resample-ablated."""
    from interpbench_harness.methods.acdc import acdc_sweep

    circuits = acdc_sweep(case, thresholds)
    model, clean, corrupted = case.model, case.clean.ids, case.corrupted.ids
    edges = case.universe.sorted_edges()
    senders = corrupted_outputs(model, corrupted, {edge.sender for edge in edges})
    reference = run_with_ablated_edges(model, clean, corrupted, [], senders)  # the same path, nothing ablated
    accuracy_of = {}  # thresholds often keep the same circuit: each distinct one is run once
    for kept in set(circuits.values()):
        ablated = run_with_ablated_edges(model, clean, corrupted, [e for e in edges if e.name not in kept], senders)
        accuracy_of[kept] = agreement(reference, ablated, case)
    return {
        "accuracy": [accuracy_of[circuits[t]] for t in thresholds],
        "edges_kept": [len(circuits[t]) for t in thresholds],
        "universe_edges": len(edges),
    }


def pearson(xs: Sequence[float], ys: Sequence[float]) -> Optional[float]:
    """Pearson's r, or None where it is undefined (a constant curve)."""
    try:
        return statistics.correlation(list(xs), list(ys))
    except statistics.StatisticsError:
        return None


def correlations_with_reference(curves: Mapping[str, Sequence[float]]) -> Dict[str, Optional[float]]:
    """Each kind's ACDC accuracy curve against the natural model's; empty without a natural model."""
    if REFERENCE_KIND not in curves:
        return {}
    return {kind: pearson(curve, curves[REFERENCE_KIND]) for kind, curve in curves.items() if kind != REFERENCE_KIND}


def mean_correlations(entries: Sequence[RealismEntry]) -> Dict[str, Tuple[float, int]]:
    """Per kind, the mean defined correlation with the natural curve over cases, and how many cases."""
    found = defaultdict(list)
    for entry in entries:
        for kind, r in entry.get("correlation_with_natural", {}).items():
            if r is not None:
                found[kind].append(r)
    return {kind: (statistics.fmean(values), len(values)) for kind, values in found.items()}


def summary_rows(entries: Sequence[RealismEntry]) -> List[List[str]]:
    """The rows of `SUMMARY_COLUMNS`, one per case and model kind: node effects as mean [max],
    ACDC accuracy as the mean over thresholds."""
    cells: Dict[Tuple[str, str], Dict[str, str]] = defaultdict(dict)
    for entry in entries:
        for kind, measured in entry.get("kinds", {}).items():
            cells[(entry["case"], kind)].update(_headline(entry, kind, measured))
    order = sorted(cells, key=lambda key: (id_order(key[0]), KINDS.index(key[1])))
    return [[case, kind, *(cells[(case, kind)].get(column, "-") for column in SUMMARY_COLUMNS[2:])] for case, kind in order]


def missing_notes(entries: Sequence[RealismEntry]) -> List[str]:
    """One line per case and kind that had no model, with the reason and the remedy."""
    missing = {(entry["case"], kind): why for entry in entries for kind, why in entry.get("missing", {}).items()}
    return [f"case {case}: no {kind} model: {missing[(case, kind)]}"
            for case, kind in sorted(missing, key=lambda key: (id_order(key[0]), key[1]))]


def correlation_notes(entries: Sequence[RealismEntry]) -> List[str]:
    """The mean ACDC-curve correlations with the natural model, beside the paper's."""
    means = mean_correlations(entries)
    return [f"ACDC accuracy curve, {kind} vs natural: mean r {means[kind][0]:.3f} over {means[kind][1]} case(s) "
            f"(paper: {PAPER_CORRELATION[kind]} over 11)" for kind in ("siit", "tracr") if kind in means]


def realism_table(entries: Sequence[RealismEntry]) -> str:
    """The terminal summary: `summary_rows` as a table, then the missing models and the correlations."""
    table = tabulate(summary_rows(entries), headers=SUMMARY_COLUMNS, disable_numparse=True)
    return "\n".join(["realism (node effects: mean [max]; ACDC acc: mean over thresholds)", table,
                      *missing_notes(entries), *correlation_notes(entries)])


def _headline(entry: RealismEntry, kind: str, measured: Mapping[str, object]) -> Dict[str, str]:
    """The cells of a kind's summary row that one check's entry fills."""
    check = entry.get("check")
    if check == "node_effect":
        return {"GT node effect": _mean_max(measured["circuit_stats"]),
                "other node effect": _mean_max(measured["non_circuit_stats"])}
    if check == "ground_truth_accuracy":
        return {"GT-circuit acc": f"{measured['accuracy']:.3f}"}
    if check == "weights":
        return {"zero weights": f"{measured['zero_fraction']:.1%}", "weight std": f"{measured['std']:.3g}"}
    if check == "acdc":
        r = entry.get("correlation_with_natural", {}).get(kind)
        cell = {"ACDC acc": f"{statistics.fmean(measured['accuracy']):.3f}"}
        if kind != REFERENCE_KIND and REFERENCE_KIND in entry.get("kinds", {}):
            cell["r vs natural"] = "undefined" if r is None else f"{r:.3f}"
        return cell
    return {}


def _mean_max(stats: Mapping[str, object]) -> str:
    return f"{stats['mean']:.4f} [{stats['max']:.3f}]" if stats["n"] else "-"

