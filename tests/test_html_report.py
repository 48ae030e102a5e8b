"""The HTML report: self-contained, every section present, and clean in a real headless browser."""

import html
import re
import shutil
import subprocess

import pytest

from interpbench_harness.report.html_page import render_html
from interpbench_harness.report.json_report import build_report

TRUTH = ["blocks.0.hook_resid_pre->blocks.0.hook_mlp_out", "blocks.0.hook_mlp_out->blocks.1.hook_resid_post"]


def result(case, method, auroc, seconds=0.5, passes=3):
    level = {"rank_auroc": auroc, "roc": [[0.0, 0.0], [1 - auroc, 1.0], [1.0, 1.0]]}
    cost = {"forward_passes": passes - 1, "backward_passes": 1, "forward_rows": 200, "peak_memory_mib": 1.5}
    return {"case": case, "method": method, "seconds": seconds, "cost": cost, "model_sha256": "ab" * 32,
            "model_origin": "shipped",
            "model_shape": [2, 4], "ground_truth": TRUTH,
            "metrics": {"kind": "edge_scores", "edge": level, "node": level}}


def sample_report(complete=True):
    results = [result(case, method, auroc) for case in ("3", "8") for method, auroc in (("eap", 0.9), ("random", 0.5))]
    results.append({"case": "8", "method": "broken", "seconds": 0.1, "error": "RuntimeError: boom"})
    run = {"methods": "eap,random,broken", "cases": "3,8", "model_source": "siit", "samples": 100, "seed": 0,
           "sweep": [0.0], "complete": complete}
    return build_report(results, run)


def test_the_page_is_self_contained_with_every_section():
    page = render_html(sample_report())
    assert "<script" not in page and not re.search(r"(src|href)=['\"]?https?:", page)
    for section in ("id='run-metadata'", "id='summary'", "id='per-case'", "id='distribution'", "id='cost-seconds'",
                    "id='cost-passes'"):
        assert section in page
    assert page.count("class='roc plot'") == 2 and page.count("class='circuit plot'") == 2
    assert page.count("<polyline") == 4  # eap and random on both cases; the failed method has no curve
    assert "FAILED: RuntimeError: boom" in page and "INCOMPLETE" not in page
    assert "<td>0.900</td><td>0.900</td>" in page.replace("\n", "")  # eap's mean and median edge AUROC
    assert "INCOMPLETE" in render_html(sample_report(complete=False))
    passes_plot = page[page.index("id='cost-passes'"):]
    assert "forward + backward passes" in passes_plot[:passes_plot.index("</svg>")]


def test_the_cost_plot_places_methods_by_their_cost():
    report = sample_report()
    report["results"] = [dict(r, cost=dict(r["cost"], forward_passes=99)) if r["method"] == "eap" else r
                         for r in report["results"]]
    page = render_html(report)
    plot = page[page.index("id='cost-passes'"):]
    plot = plot[:plot.index("</svg>")]
    x = {m: float(re.search(r"cx='([0-9.]+)'[^>]*/><text[^>]*>" + m + "<", plot).group(1)) for m in ("eap", "random")}
    assert x["eap"] > x["random"]  # 100 passes sits right of 3 on the log axis


@pytest.mark.subprocess
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium (apt install chromium)")
def test_the_page_loads_in_headless_chromium_without_console_errors(tmp_path):
    def load(path):
        done = subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
             "--dump-dom", path.as_uri()],
            capture_output=True, text=True, timeout=120,
        )
        console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
        return done.stdout, console

    page = tmp_path / "report.html"
    page.write_text(render_html(sample_report()))
    dom, console = load(page)
    assert console == []
    assert dom.count('class="roc plot"') == 2 and 'id="distribution"' in dom and 'id="cost-passes"' in dom
    assert dom.count("<circle") > 20 and "case 8" in dom

    broken = tmp_path / "broken.html"  # the check can fail: a page with a script error is caught
    broken.write_text("<html><body><script>no_such_function()</script></body></html>")
    assert any("Uncaught ReferenceError" in line for line in load(broken)[1])


def _path_points(d: str, samples: int = 40):
    """Points along an SVG path made of M, H, V and C commands (what the circuit drawing uses)."""
    points, x, y = [], 0.0, 0.0
    for command, args in re.findall(r"([MHVC])([^MHVC]*)", d):
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if command == "M":
            x, y = numbers
            points.append((x, y))
        elif command in "HV":
            target = (numbers[0], y) if command == "H" else (x, numbers[0])
            points += [(x + (target[0] - x) * t / samples, y + (target[1] - y) * t / samples) for t in range(samples + 1)]
            x, y = target
        else:
            (c1x, c1y, c2x, c2y, ex, ey) = numbers
            for i in range(samples + 1):
                t = i / samples
                w = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3)
                points.append((w[0] * x + w[1] * c1x + w[2] * c2x + w[3] * ex, w[0] * y + w[1] * c1y + w[2] * c2y + w[3] * ey))
            x, y = ex, ey
    return points


@pytest.mark.parametrize("case_id", ["ioi", "13", "21"])
def test_circuit_edges_pass_over_no_node_they_do_not_touch(case_id):
    """An edge drawn through a node would read as a path through it (IOI's MLP0 -> L4H1 did)."""
    from interpbench_harness.cases.registry import get_case
    from interpbench_harness.compiled_cases import load_compiled_case
    from interpbench_harness.report.html_page import _circuit_svg

    compiled = load_compiled_case(get_case(case_id))
    n_layers = max(2, int(compiled.config["n_layers"]))
    truth = [e.name for e in compiled.ground_truth.embedded(n_layers).sorted_edges()]
    svg = _circuit_svg(case_id, truth, n_layers, 4)
    circles = {title: (float(cx), float(cy)) for cx, cy, title in
               re.findall(r"<circle cx='([\d.]+)' cy='([\d.]+)'[^>]*><title>([^<]*)</title>", svg)}
    paths = re.findall(r"<path class='edge' d='([^']*)'[^>]*><title>([^<]*)</title>", svg)
    assert len(paths) == len(truth) and len(circles) > 10
    skipping = 0
    for d, name in paths:
        ends = set(html.unescape(name).split("->"))
        xs = [p[0] for p in _path_points(d)]
        skipping += max(xs) - min(xs) > 50
        for px, py in _path_points(d):
            for title, (cx, cy) in circles.items():
                if html.unescape(title) not in ends:
                    assert (px - cx) ** 2 + (py - cy) ** 2 > 9 ** 2, f"{name} passes over {title}"
    assert skipping, "no edge skips a stage: the test would not test the routing"
