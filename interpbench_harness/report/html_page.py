"""The HTML report: one self-contained file (inline CSS and SVG drawn here; no scripts, no network).

Sections: run metadata; the methods x cases AUROC table; each method's AUROC distribution;
AUROC against cost; then per case its ROC curves with every method overlaid and its
ground-truth circuit drawn on the model's nodes. A report of the realism suite (`realism`)
adds its section: the summary table, and per case the node-effect distributions, the weight
histograms and the ACDC accuracy curves of the SIIT, natural and tracr models; a report of
the realism suite alone shows only that section after the metadata.
"""

from __future__ import annotations

import html
import math
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from interpbench_harness.cases.registry import id_order
from interpbench_harness.graph import NodeKind, parse_edge, universe
from interpbench_harness.realism import KINDS, SUMMARY_COLUMNS, correlation_notes, missing_notes, summary_rows
from interpbench_harness.report.schema import ModelEntry, RealismEntry, Report, ReportResult, auroc, is_scored, total_passes
from interpbench_harness.report.table import status

KIND_COLOURS = {"siit": "#1f77b4", "natural": "#2ca02c", "tracr": "#d62728"}
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")
CSS = """
body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f4f4f4}td.l,th.l{text-align:left}.fail{color:#b00;font-weight:bold}.warn{color:#b00}
.cases{display:flex;flex-wrap:wrap;gap:16px}.case{border:1px solid #ddd;padding:8px;border-radius:4px}
.legend span{margin-right:12px;font-size:12px}svg text{font-size:11px;fill:#333}
"""


def render_html(report: Report) -> str:
    """The whole page for a JSON report (as written by the harness or `interpbench merge`)."""
    results = sorted(report["results"], key=lambda r: (id_order(r["case"]), r["method"]))
    methods = sorted({r["method"] for r in results})
    colours = {m: PALETTE[i % len(PALETTE)] for i, m in enumerate(methods)}
    run = report["run"]
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>interpbench report: {html.escape(str(run.get('methods', '')))}</title>",
        f"<style>{CSS}</style></head><body>",
        "<h1>interpbench-harness: circuit-discovery report</h1>",
    ]
    if not run.get("complete", True):
        parts.append("<p class='fail'>This run is INCOMPLETE: it was interrupted or some results are missing.</p>")
    parts.append(_metadata(report))
    realism = report.get("realism", [])
    if results or not realism:
        parts.append(_discovery_sections(report, results, methods, colours))
    if realism:
        parts.append(_realism_section(realism))
    parts.append("</body></html>")
    return "\n".join(parts)


def write_html(path, report: Report) -> None:
    """Render `report` into `path`, making its folder (the harness and `interpbench report` both write this way)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report))


def _discovery_sections(report, results, methods, colours) -> str:
    """The discovery run's tables and plots; left out of a report of the realism suite alone."""
    parts = ["<h2>AUROC by case and method</h2>", _summary_table(results, methods),
             _legend(methods, colours), "<h2>AUROC distribution per method</h2>",
             _distribution_svg(results, methods, colours), "<h2>AUROC against cost</h2>",
             _cost_svg(results, methods, colours, "seconds"),
             _cost_svg(results, methods, colours, "passes"), "<h2>Cases: ROC curves and ground-truth circuits</h2>",
             "<div class='cases'>"]
    by_case = defaultdict(list)
    for result in results:
        by_case[result["case"]].append(result)
    for case_id in sorted(by_case, key=id_order):
        parts.append(_case_panel(case_id, by_case[case_id], report.get("models", {}).get(case_id, {}), colours))
    parts.append("</div>")
    return "\n".join(parts)


def _metadata(report: Report) -> str:
    run = report["run"]
    keys = ("methods", "cases", "model_source", "device", "samples", "seed", "method_options", "shard", "started", "seconds",
            "complete", "python", "merged_from")
    rows = "".join(f"<tr><th class='l'>{k}</th><td class='l'>{html.escape(str(run[k]))}</td></tr>"
                   for k in keys if k in run and run[k] is not None)
    packages = ", ".join(f"{k} {v}" for k, v in sorted(run.get("packages", {}).items()))
    rows += f"<tr><th class='l'>packages</th><td class='l'>{html.escape(packages)}</td></tr>"
    return f"<h2>Run</h2><table id='run-metadata'>{rows}</table>"


def _auroc_cells(result: ReportResult) -> List[str]:
    if not is_scored(result):
        return [f"<td class='fail' colspan='4'>{status(result)}: " + html.escape(result["error"][:120]) + "</td>"]
    cells = []
    for level in ("edge", "node"):
        part = result["metrics"].get(level, {})
        for key in ("pessimistic_auroc", "rank_auroc"):
            value = part.get(key)
            cells.append(f"<td>{value:.3f}</td>" if isinstance(value, (int, float)) else "<td>-</td>")
    return cells


def _summary_table(results: List[ReportResult], methods: Sequence[str]) -> str:
    head = ("<tr><th class='l'>case</th><th class='l'>method</th><th>edge pessimistic</th><th>edge rank</th>"
            "<th>node pessimistic</th><th>node rank</th><th>seconds</th></tr>")
    rows = [f"<tr><td class='l'>{html.escape(r['case'])}</td><td class='l'>{html.escape(r['method'])}</td>"
            + "".join(_auroc_cells(r)) + f"<td>{r.get('seconds', 0):.2f}</td></tr>" for r in results]
    summary = []
    for method in methods:
        edge = _finite(auroc(r, "edge") for r in results if r["method"] == method)
        node = _finite(auroc(r, "node") for r in results if r["method"] == method)
        failed = sum(1 for r in results if r["method"] == method and "error" in r)
        summary.append(f"<tr><td class='l'>{html.escape(method)}</td><td>{_mean(edge)}</td><td>{_median(edge)}</td>"
                       f"<td>{_mean(node)}</td><td>{_median(node)}</td><td>{len(edge) + failed}</td><td>{failed}</td></tr>")
    return ("<table id='summary'><tr><th class='l'>method</th><th>mean edge</th><th>median edge</th><th>mean node</th>"
            "<th>median node</th><th>cases</th><th>failed</th></tr>" + "".join(summary) + "</table>"
            + "<details><summary>every case</summary><table id='per-case'>" + head + "".join(rows)
            + "</table></details>")


def _legend(methods: Sequence[str], colours: Dict[str, str]) -> str:
    return "<p class='legend'>" + "".join(
        f"<span><svg width='12' height='12'><rect width='12' height='12' fill='{colours[m]}'/></svg> "
        f"{html.escape(m)}</span>" for m in methods) + "</p>"


def _distribution_svg(results, methods, colours) -> str:
    """Each method's edge AUROCs as dots on [0, 1], with the median marked."""
    width, row, left = 640, 28, 130
    height = row * len(methods) + 48
    parts = [f"<svg id='distribution' class='plot' width='{width}' height='{height}' role='img'>"]
    scale = lambda v: left + v * (width - left - 20)  # noqa: E731
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = scale(tick)
        parts.append(f"<line x1='{x}' y1='10' x2='{x}' y2='{height - 30}' stroke='#eee'/>"
                     f"<text x='{x - 8}' y='{height - 16}'>{tick}</text>")
    for i, method in enumerate(methods):
        y = 25 + i * row
        values = _finite(auroc(r, "edge") for r in results if r["method"] == method)
        parts.append(f"<text x='5' y='{y + 4}'>{html.escape(method)}</text>")
        for j, value in enumerate(values):
            jitter = ((j * 7) % 11 - 5) * 0.8
            parts.append(f"<circle cx='{scale(value):.1f}' cy='{y + jitter:.1f}' r='3' fill='{colours[method]}' "
                         "fill-opacity='0.6'/>")
        if values:
            x = scale(statistics.median(values))
            parts.append(f"<line x1='{x:.1f}' y1='{y - 9}' x2='{x:.1f}' y2='{y + 9}' stroke='#000' stroke-width='2'/>")
    parts.append(f"<text x='{left}' y='{height - 1}'>edge AUROC (black bar: median)</text></svg>")
    return "".join(parts)


def _cost_svg(results, methods, colours, axis: str) -> str:
    """Mean edge AUROC against a method's mean cost per case (log scale), one point per method.

    `axis` is "seconds" (wall time) or "passes" (forward + backward passes through the model).
    """
    width, height, left, bottom = 520, 300, 50, 40
    floor = 1e-4 if axis == "seconds" else 1.0  # a log axis cannot show 0: drawn at the floor
    points = {}
    for method in methods:
        mine = [r for r in results if r["method"] == method and is_scored(r)]
        aurocs = _finite(auroc(r, "edge") for r in mine)
        costs = [_cost_of(r, axis) for r in mine]
        if aurocs and all(c is not None for c in costs):
            points[method] = (statistics.mean(max(c, floor) for c in costs), statistics.mean(aurocs))
    parts = [f"<svg id='cost-{axis}' class='plot' width='{width}' height='{height}' role='img'>"]
    if not points:
        return parts[0] + f"<text x='10' y='20'>no scored results with {axis} recorded</text></svg>"
    low = math.floor(math.log10(min(p[0] for p in points.values())))
    high = max(low + 1, math.ceil(math.log10(max(p[0] for p in points.values()))))
    x_of = lambda s: left + (math.log10(s) - low) / (high - low) * (width - left - 20)  # noqa: E731
    y_of = lambda a: height - bottom - a * (height - bottom - 20)  # noqa: E731
    for decade in range(low, high + 1):
        x = x_of(10.0**decade)
        parts.append(f"<line x1='{x:.1f}' y1='20' x2='{x:.1f}' y2='{height - bottom}' stroke='#eee'/>"
                     f"<text x='{x - 10:.1f}' y='{height - bottom + 14}'>1e{decade}</text>")
    for tick in (0, 0.5, 1.0):
        parts.append(f"<text x='5' y='{y_of(tick) + 4:.1f}'>{tick}</text>")
    for method, (cost, mean_auroc) in points.items():
        parts.append(f"<circle cx='{x_of(cost):.1f}' cy='{y_of(mean_auroc):.1f}' r='5' fill='{colours[method]}'/>"
                     f"<text x='{x_of(cost) + 7:.1f}' y='{y_of(mean_auroc) + 4:.1f}'>{html.escape(method)}</text>")
    what = "seconds" if axis == "seconds" else "forward + backward passes"
    parts.append(f"<text x='{left}' y='{height - 5}'>mean {what} per case (log) vs mean edge AUROC</text></svg>")
    return "".join(parts)


def _cost_of(result: ReportResult, axis: str) -> "float | None":
    return result.get("seconds") if axis == "seconds" else total_passes(result)


def _case_panel(case_id: str, results, model: ModelEntry, colours) -> str:
    curves = {r["method"]: r["metrics"]["edge"].get("roc") for r in results
              if is_scored(r) and r["metrics"].get("edge", {}).get("roc")}
    panel = [f"<div class='case' id='case-{html.escape(case_id)}'><b>case {html.escape(case_id)}</b><br>",
             _roc_svg(case_id, curves, colours)]
    if model.get("ground_truth") and model.get("shape"):
        panel.append(_circuit_svg(case_id, model["ground_truth"], *model["shape"]))
    panel.append("</div>")
    return "".join(panel)


def _roc_svg(case_id: str, curves: Dict[str, List[Tuple[float, float]]], colours) -> str:
    size, pad = 220, 30
    scale = lambda v: pad + v * (size - 2 * pad)  # noqa: E731
    parts = [f"<svg class='roc plot' width='{size}' height='{size}' role='img' aria-label='edge ROC, case {case_id}'>",
             f"<rect x='{pad}' y='{pad}' width='{size - 2 * pad}' height='{size - 2 * pad}' fill='none' stroke='#999'/>",
             f"<line x1='{scale(0)}' y1='{size - scale(0)}' x2='{scale(1)}' y2='{size - scale(1)}' stroke='#ccc' "
             "stroke-dasharray='4'/>"]
    for method, points in sorted(curves.items()):
        path = " ".join(f"{scale(fpr):.1f},{size - scale(tpr):.1f}" for fpr, tpr in points)
        parts.append(f"<polyline points='{path}' fill='none' stroke='{colours[method]}' stroke-width='2' "
                     f"stroke-opacity='0.8'><title>{html.escape(method)}</title></polyline>")
    parts.append(f"<text x='{pad}' y='{size - 8}'>edge FPR</text><text x='2' y='{pad - 8}'>TPR</text></svg>")
    return "".join(parts)


def _circuit_svg(case_id: str, edge_names: Sequence[str], n_layers: int, n_heads: int) -> str:
    """The model's nodes by residual-stream stage (input, heads and MLP of each layer, output),
    ground-truth nodes filled and ground-truth edges drawn.

    An edge between neighbouring stages is a curve; one that skips stages runs in the gaps
    between columns and along its own lane above the grid, so it never passes over a node it
    does not touch (which would draw a path through that node).
    """
    edges = [parse_edge(name, n_layers) for name in edge_names]
    in_circuit = {e.sender for e in edges} | {e.receiver for e in edges}
    nodes = universe(n_layers, n_heads).sorted_nodes()
    stages = max(n.stage for n in nodes) + 1
    long_edges = sorted((e for e in edges if e.receiver.stage - e.sender.stage > 1),
                        key=lambda e: (e.receiver.stage - e.sender.stage, e.sender.stage, e.name))
    lane_of = {e.name: i for i, e in enumerate(long_edges)}
    top = 25 + 6 * len(long_edges)
    width, height = 60 + 45 * stages, top + 15 + 26 * max(n_heads, 2)

    def position(node) -> Tuple[float, float]:
        row = node.head if node.kind is NodeKind.HEAD else (n_heads - 1) / 2
        return 30 + 45 * node.stage, top + 26 * row

    parts = [f"<svg class='circuit plot' width='{width}' height='{height}' role='img' "
             f"aria-label='ground-truth circuit, case {case_id}'>"]
    for edge in edges:
        (x1, y1), (x2, y2) = position(edge.sender), position(edge.receiver)
        if edge.name in lane_of:
            lane = top - 18 - 6 * lane_of[edge.name]  # the shortest skips nearest the grid
            path = f"M{x1:.1f},{y1:.1f} H{x1 + 22.5:.1f} V{lane:.1f} H{x2 - 22.5:.1f} V{y2:.1f} H{x2:.1f}"
        else:
            bend = (x1 + x2) / 2
            path = f"M{x1:.1f},{y1:.1f} C{bend:.1f},{y1:.1f} {bend:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"
        parts.append(f"<path class='edge' d='{path}' fill='none' stroke='#d62728' stroke-width='1.5'><title>"
                     f"{html.escape(edge.name)}</title></path>")
    for node in nodes:
        x, y = position(node)
        fill = "#f4a3a3" if node in in_circuit else "#fff"
        label = {NodeKind.INPUT: "in", NodeKind.OUTPUT: "out", NodeKind.MLP: f"M{node.layer}"}.get(
            node.kind, f"{node.layer}.{node.head}")
        parts.append(f"<circle cx='{x:.1f}' cy='{y:.1f}' r='9' fill='{fill}' stroke='#555'><title>"
                     f"{html.escape(node.name)}</title></circle><text x='{x:.1f}' y='{y + 3:.1f}' text-anchor='middle' "
                     f"style='font-size:7px'>{label}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _realism_section(entries: Sequence[RealismEntry]) -> str:
    """The realism suite's results: the summary table, then per case its three plots."""
    head = "".join(f"<th class='l'>{html.escape(c)}</th>" if i < 2 else f"<th>{html.escape(c)}</th>"
                   for i, c in enumerate(SUMMARY_COLUMNS))
    body = "".join("<tr>" + "".join(f"<td class='l'>{html.escape(v)}</td>" if i < 2 else f"<td>{html.escape(v)}</td>"
                                    for i, v in enumerate(row)) + "</tr>" for row in summary_rows(entries))
    parts = ["<h2 id='realism'>Realism: SIIT, natural and tracr models of each case</h2>",
             "<p>Node effect: the fraction of predictions that change when one head or MLP is resample-ablated "
             "(filled: ground-truth nodes). GT-circuit accuracy: agreement with the unablated model with every node "
             "outside the ground truth ablated. ACDC: accuracy of the circuit found at each threshold, every other "
             "edge ablated; r is its Pearson correlation with the natural model's curve.</p>",
             f"<table id='realism-summary'><tr>{head}</tr>{body}</table>",
             *(f"<p class='warn'>{html.escape(note)}</p>" for note in missing_notes(entries)),
             *(f"<p>{html.escape(note)}</p>" for note in correlation_notes(entries)),
             _legend(KINDS, KIND_COLOURS), "<div class='cases'>"]
    by_case: Dict[str, Dict[str, RealismEntry]] = defaultdict(dict)
    for entry in entries:
        by_case[entry["case"]][entry.get("check", "")] = entry
    for case_id in sorted(by_case, key=id_order):
        checks = by_case[case_id]
        parts.append(f"<div class='case' id='realism-{html.escape(case_id)}'><b>case {html.escape(case_id)}</b><br>")
        if "node_effect" in checks:
            parts.append(_node_effect_svg(case_id, checks["node_effect"]["kinds"]))
        if "weights" in checks:
            parts.append(_weights_svg(case_id, checks["weights"]))
        if "acdc" in checks:
            parts.append(_acdc_svg(case_id, checks["acdc"]))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _node_effect_svg(case_id: str, kinds: Dict[str, Dict[str, object]]) -> str:
    """Each node's resample effect on a square-root axis (small effects stay visible), one row per kind."""
    shown = [kind for kind in KINDS if kind in kinds]
    width, row, left = 420, 30, 60
    height = row * len(shown) + 40
    x_of = lambda v: left + math.sqrt(max(v, 0.0)) * (width - left - 15)  # noqa: E731
    parts = [f"<svg class='node-effect plot' width='{width}' height='{height}' role='img' "
             f"aria-label='node effects, case {html.escape(case_id)}'>"]
    for tick in (0, 0.01, 0.1, 0.25, 0.5, 1.0):
        parts.append(f"<line x1='{x_of(tick):.1f}' y1='8' x2='{x_of(tick):.1f}' y2='{height - 28}' stroke='#eee'/>"
                     f"<text x='{x_of(tick) - 6:.1f}' y='{height - 16}'>{tick}</text>")
    for i, kind in enumerate(shown):
        y = 22 + i * row
        parts.append(f"<text x='5' y='{y + 4}'>{kind}</text>")
        for group, filled in (("non_circuit", False), ("circuit", True)):
            for j, (name, value) in enumerate(sorted(kinds[kind][group].items())):
                jitter = ((j * 7) % 11 - 5) * 0.9
                fill = KIND_COLOURS[kind] if filled else "none"
                parts.append(f"<circle cx='{x_of(value):.1f}' cy='{y + jitter:.1f}' r='3.5' fill='{fill}' "
                             f"stroke='{KIND_COLOURS[kind]}'><title>{html.escape(name)}: {value:.4f}</title></circle>")
    parts.append(f"<text x='{left}' y='{height - 2}'>resample effect per node (sqrt axis; filled: ground truth)</text>"
                 "</svg>")
    return "".join(parts)


def _weights_svg(case_id: str, entry: RealismEntry) -> str:
    """Each kind's share of weights per |w| bin (log axis) as a step line; exact zeros in the caption."""
    edges, kinds = entry["magnitude_edges"], entry["kinds"]
    shown = [kind for kind in KINDS if kind in kinds]
    width, height, left, bottom = 420, 210, 40, 50
    low, high = math.log10(edges[0]), math.log10(edges[-1])
    shares = {kind: [count / max(kinds[kind]["n"], 1) for count in kinds[kind]["counts"]] for kind in shown}
    top = max((max(s, default=0.0) for s in shares.values()), default=0.0) or 1.0
    x_of = lambda edge: left + (math.log10(edge) - low) / (high - low) * (width - left - 15)  # noqa: E731
    y_of = lambda share: height - bottom - share / top * (height - bottom - 15)  # noqa: E731
    parts = [f"<svg class='weights plot' width='{width}' height='{height}' role='img' "
             f"aria-label='weight magnitudes, case {html.escape(case_id)}'>"]
    for decade in range(math.ceil(low), math.floor(high) + 1):
        x = x_of(10.0**decade)
        parts.append(f"<line x1='{x:.1f}' y1='10' x2='{x:.1f}' y2='{height - bottom}' stroke='#eee'/>"
                     f"<text x='{x - 10:.1f}' y='{height - bottom + 14}'>1e{decade}</text>")
    parts.append(f"<text x='2' y='{y_of(top) + 4:.1f}'>{top:.0%}</text><text x='2' y='{y_of(0) + 4:.1f}'>0</text>")
    for kind in shown:
        points = []
        for i, share in enumerate(shares[kind]):
            points += [f"{x_of(edges[i]):.1f},{y_of(share):.1f}", f"{x_of(edges[i + 1]):.1f},{y_of(share):.1f}"]
        parts.append(f"<polyline points='{' '.join(points)}' fill='none' stroke='{KIND_COLOURS[kind]}' "
                     f"stroke-width='1.5'><title>{kind}</title></polyline>")
    zeros = ", ".join(f"{kind} {kinds[kind]['zero_fraction']:.1%}" for kind in shown)
    parts.append(f"<text x='{left}' y='{height - 18}'>share of weights per |w| bin (log axis)</text>"
                 f"<text x='{left}' y='{height - 4}'>exact zeros: {html.escape(zeros)}</text></svg>")
    return "".join(parts)


def _acdc_svg(case_id: str, entry: RealismEntry) -> str:
    """Accuracy of ACDC's circuit at each threshold, one curve per kind, with r against natural."""
    thresholds, kinds = entry["thresholds"], entry["kinds"]
    shown = [kind for kind in KINDS if kind in kinds]
    width, height, left, bottom = 420, 210, 40, 50
    x_of = lambda i: left + i / max(len(thresholds) - 1, 1) * (width - left - 30)  # noqa: E731
    y_of = lambda accuracy: height - bottom - accuracy * (height - bottom - 15)  # noqa: E731
    parts = [f"<svg class='acdc plot' width='{width}' height='{height}' role='img' "
             f"aria-label='ACDC accuracy against threshold, case {html.escape(case_id)}'>"]
    for tick in (0, 0.5, 1.0):
        parts.append(f"<line x1='{left}' y1='{y_of(tick):.1f}' x2='{width - 30}' y2='{y_of(tick):.1f}' stroke='#eee'/>"
                     f"<text x='5' y='{y_of(tick) + 4:.1f}'>{tick}</text>")
    for i in range(0, len(thresholds), 3):
        parts.append(f"<text x='{x_of(i) - 8:.1f}' y='{height - bottom + 14}'>{thresholds[i]:g}</text>")
    for kind in shown:
        points = " ".join(f"{x_of(i):.1f},{y_of(a):.1f}" for i, a in enumerate(kinds[kind]["accuracy"]))
        parts.append(f"<polyline points='{points}' fill='none' stroke='{KIND_COLOURS[kind]}' stroke-width='2' "
                     f"stroke-opacity='0.8'><title>{kind}</title></polyline>")
    correlations = entry.get("correlation_with_natural", {})
    caption = "; ".join(f"{kind} r {'undefined' if r is None else f'{r:.3f}'}" for kind, r in sorted(correlations.items()))
    parts.append(f"<text x='{left}' y='{height - 18}'>accuracy of ACDC's circuit vs threshold</text>"
                 f"<text x='{left}' y='{height - 4}'>{html.escape(caption or 'no natural model: no correlation')}</text>"
                 "</svg>")
    return "".join(parts)


def _finite(values) -> List[float]:
    return [float(v) for v in values if v is not None and not math.isnan(v)]


def _mean(values: List[float]) -> str:
    return f"{statistics.mean(values):.3f}" if values else "-"


def _median(values: List[float]) -> str:
    return f"{statistics.median(values):.3f}" if values else "-"
