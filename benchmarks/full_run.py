"""The headline command at full scale: how long each method takes over every shipped case.

    .venv/bin/python benchmarks/full_run.py --methods=acdc,sp,edge_sp,eap,eap_ig --out=benchmark-full-run.json

runs the discovery suite (default settings, `-n 2`) on a stratified sample of the shipped cases
and scales the timings up to all of them (`interpbench_harness.report.full_run` says how);
`--all` runs every shipped case instead and the figures are then measured, not estimated.
`--from-report=FILE` (repeatable) estimates from reports already written instead of running, and
`--plan=OUT` reuses the population and sample an earlier run wrote to its `--out` file.
The table printed at the end and the JSON give, per method, the estimated CPU seconds over every
case, its standard error, the wall-time range with the run's workers, and each stratum's share.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from tabulate import tabulate

from interpbench_harness.report.full_run import estimate, plan, sampled_cases, size_proxy
from interpbench_harness.report.json_report import read_report
from interpbench_harness.store.shipped import store_summary

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--methods", default="acdc,sp,edge_sp,eap,eap_ig")
    parser.add_argument("--strata", type=int, default=4)
    parser.add_argument("--per-stratum", type=int, default=3)
    parser.add_argument("--certain", type=int, default=2, help="the largest cases, always run (default: 2, the IOI models)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--all", action="store_true", help="run every shipped case (nothing is estimated)")
    parser.add_argument("--from-report", action="append", default=[], help="estimate from this report instead of running")
    parser.add_argument("--plan", default="", help="reuse the population and sample of an earlier --out file")
    parser.add_argument("--report", default="reports/full-run-sample.json", help="where the sampled run's report goes")
    parser.add_argument("--out", default="benchmark-full-run.json")
    parser.add_argument("pytest_args", nargs="*", help="more arguments for pytest (after --)")
    args = parser.parse_args(argv)

    if args.plan:  # the sample of an earlier run: the shipped cases may have changed since
        earlier = json.loads(Path(args.plan).read_text())
        sizes, sample_plan = earlier["sizes"], earlier["plan"]
    else:
        manifests = [m for m in store_summary("siit") if m.get("accepted")]
        sizes = {m["case_id"]: size_proxy(m["config"]) for m in manifests}
        if args.all:
            sample_plan = {"certain": sorted(sizes, key=sizes.get), "strata": [], "seed": args.seed}
        else:
            sample_plan = plan(sizes, args.strata, args.per_stratum, args.certain, args.seed)
    cases = sampled_cases(sample_plan)

    wall = None
    if args.from_report:
        results = [r for path in args.from_report for r in read_report(path)["results"]]
        wanted, sampled = set(args.methods.split(",")), set(cases)
        results = [r for r in results if r["method"] in wanted and r["case"] in sampled]
    else:
        command = [sys.executable, "-m", "pytest", "suites/test_discovery.py", "-q", "-n", str(args.workers),
                   f"--cases={','.join(cases)}", f"--method={args.methods}", f"--report-json={args.report}",
                   *args.pytest_args]
        print(f"{len(cases)} of {len(sizes)} shipped cases: {','.join(cases)}", flush=True)
        started = time.perf_counter()
        subprocess.run(command, cwd=ROOT, check=False)
        wall = time.perf_counter() - started
        results = read_report(ROOT / args.report)["results"]

    estimates = estimate(results, sample_plan, args.workers)
    rows = []
    for method, figures in estimates.items():
        if "missing" in figures:
            rows.append([method, "no estimate: no score on " + ",".join(figures["missing"]), "", "", ""])
            continue
        rows.append([method, figures["estimated_total_seconds"], figures["standard_error_seconds"],
                     f"{figures['wall_seconds_at_least']}-{figures['wall_seconds_at_most']}",
                     max(figures["strata"], key=lambda part: part["share"])["stratum"]])
    print(tabulate(rows, headers=["method", "CPU s, all shipped cases", "std. error", f"wall s (-n {args.workers})",
                                  "largest share"]))
    if wall is not None:
        print(f"the sampled run itself: {wall:.0f} s wall")
    out = {"population": len(sizes), "plan": sample_plan, "sizes": sizes, "sampled_run_wall_seconds": wall,
           "reports": args.from_report or [args.report], "estimates": estimates}
    Path(args.out).write_text(json.dumps(out, indent=1))
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
