"""`interpbench`: list the benchmark cases and show one case's ground-truth circuit."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Dict, List, Optional

from tabulate import tabulate

from interpbench_harness.cases import registry
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.graph import NodeKind


def case_summary(spec: CaseSpec) -> Dict[str, object]:
    """One row of `interpbench cases`: the spec, and, when it compiles, model and ground truth."""
    row: Dict[str, object] = {
        "id": spec.case_id,
        "description": spec.description,
        "kind": spec.output_kind.value,
        "attention": spec.attention,
        "max_seq_len": spec.max_seq_len,
        "tags": sorted(registry.tags_of(spec)),
    }
    if not spec.supported:
        return {**row, "status": f"unsupported: {spec.unsupported}"}
    from interpbench_harness.compiled_cases import load_compiled_case
    from interpbench_harness.tracr_bridge.compile import CompileError

    try:
        compiled = load_compiled_case(spec)
    except CompileError as error:
        return {**row, "status": f"compile failed: {error}"}
    truth = compiled.ground_truth
    exact = compiled.verification.get("exact")
    return {
        **row,
        "layers": compiled.n_layers,
        "heads": compiled.n_heads,
        "d_model": compiled.config["d_model"],
        "gt_nodes": len(truth.nodes),
        "gt_edges": len(truth.edges),
        "universe_nodes": len(compiled.universe().nodes),
        "universe_edges": len(compiled.universe().edges),
        "verification": compiled.verification,
        "status": "ok" if exact else "conversion NOT exact",
    }


def _cases_command(args) -> int:
    specs = registry.select(args.cases.split(",")) if args.cases else list(registry.all_cases().values())
    rows = [case_summary(spec) for spec in specs]
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0
    columns = ["id", "description", "kind", "attention", "layers", "heads", "d_model", "gt_nodes", "gt_edges", "status"]
    table = [[_shorten(str(row.get(c, "")), 60 if c == "description" else 80) for c in columns] for row in rows]
    print(tabulate(table, headers=[c.replace("_", " ") for c in columns]))
    ok = sum(row["status"] == "ok" for row in rows)
    print(f"\n{len(rows)} cases; {ok} compiled with an exact conversion.")
    return 0


def _case_command(args) -> int:
    try:
        spec = registry.get_case(args.case_id)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    row = case_summary(spec)
    print(f"case {spec.case_id}: {spec.description}")
    print(f"  output {spec.output_kind.value}, {spec.attention} attention, max_seq_len {spec.max_seq_len} "
          f"(incl. BOS), min_seq_len {spec.min_seq_len}, vocab {sorted(spec.vocab, key=repr)}")
    print(f"  tags: {', '.join(row['tags'])}")
    print(f"  status: {row['status']}")
    if "layers" not in row:
        return 0
    from interpbench_harness.compiled_cases import load_compiled_case

    compiled = load_compiled_case(spec)
    truth = compiled.ground_truth
    print(f"  model: {row['layers']} layers, {row['heads']} heads, d_model {row['d_model']}, "
          f"d_head {compiled.config['d_head']}, d_mlp {compiled.config['d_mlp']}")
    print(f"  conversion check: {json.dumps(compiled.verification)}")
    print(f"\nground truth: {len(truth.nodes)} of {row['universe_nodes']} nodes, "
          f"{len(truth.edges)} of {row['universe_edges']} edges")
    print("nodes:")
    for node in truth.sorted_nodes():
        print(f"  {node.name}")
    print("edges:")
    for edge in truth.sorted_edges():
        ports = sorted(e.port.value for e in compiled.ground_truth_qkv.edges
                       if e.promoted() == edge and e.port is not None)
        via = f"   (via {', '.join(ports)})" if edge.receiver.kind is NodeKind.HEAD else ""
        print(f"  {edge.sender.name} -> {edge.receiver.name}{via}")
    return 0


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interpbench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    cases = commands.add_parser("cases", help="table of every case (compiles and caches each on first use)")
    cases.add_argument("--cases", default="", help="comma-separated case ids or tags (default: all)")
    cases.add_argument("--json", action="store_true", help="print JSON instead of a table")
    cases.set_defaults(run=_cases_command)
    case = commands.add_parser("case", help="one case's settings and ground-truth circuit")
    case.add_argument("case_id")
    case.set_defaults(run=_case_command)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
