"""`interpbench`: list the cases, show a case's ground truth, train and list models, export them."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Dict, List, Optional, Set

from tabulate import tabulate

from interpbench_harness.cases import registry
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.graph import NodeKind


def case_summary(spec: CaseSpec) -> Dict[str, object]:
    """One row of `interpbench cases`: the spec, and, when it compiles, model and ground truth."""
    row: Dict[str, object] = {
        "id": spec.case_id,
        "origin": registry.origin_of(spec),
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
    compiled_from_rasp = getattr(compiled, "has_compiled_model", True)
    exact = compiled.verification.get("exact") if compiled_from_rasp else True
    return {
        **row,
        "upstream": fidelity_status(fidelity_checks(spec, compiled)) if compiled_from_rasp else "not a tracr case",
        "layers": compiled.n_layers,
        "heads": compiled.n_heads,
        "d_model": compiled.config["d_model"],
        "gt_nodes": len(truth.nodes),
        "gt_edges": len(truth.edges),
        "universe_nodes": len(compiled.universe().nodes),
        "universe_edges": len(compiled.universe().edges),
        "verification": compiled.verification,
        "status": ("ok" if compiled_from_rasp else "ok (hand-written high-level model, nothing converted)")
        if exact else "conversion NOT exact",
    }


def fidelity_checks(spec: CaseSpec, compiled=None):
    """The case held against upstream's facts (see cases.upstream_fidelity); None when upstream
    has no tracr case of this id."""
    from interpbench_harness.cases import upstream_fidelity

    if upstream_fidelity.upstream_facts(spec.case_id) is None:
        return None
    return upstream_fidelity.check_case(spec, compiled)


def fidelity_status(checks) -> str:
    """'matches upstream in all k fields', or the fields that differ."""
    if checks is None:
        return "no upstream tracr case of this id"
    differing = [check.field for check in checks if not check.ok]
    if differing:
        return f"differs from upstream in {len(differing)} of {len(checks)} fields: {', '.join(differing)}"
    return f"matches upstream in all {len(checks)} fields"


def _print_fidelity(spec: CaseSpec, compiled) -> None:
    checks = fidelity_checks(spec, compiled)
    print(f"  upstream fidelity: {fidelity_status(checks)}")
    for check in checks or []:
        if not check.ok:
            print(f"    {check.describe()}")


def _cases_command(args) -> int:
    from interpbench_harness.store.shipped import select_cases

    specs = select_cases(args.cases.split(",")) if args.cases else list(registry.all_cases().values())
    rows = _summaries_with_progress(specs, quiet=args.quiet)
    if args.json:
        json.dump(rows, sys.stdout, indent=1)
        print()
        return 0
    columns = ["id", "origin", "description", "kind", "attention", "layers", "heads", "d_model", "gt_nodes", "gt_edges",
               "status", "upstream"]
    table = [[_shorten(str(row.get(c, "")), 60 if c == "description" else 80) for c in columns] for row in rows]
    print(tabulate(table, headers=[c.replace("_", " ") for c in columns]))
    ok = sum(row["status"] == "ok" for row in rows)
    faithful = sum(str(row.get("upstream", "")).startswith("matches") for row in rows)
    print(f"\n{len(rows)} cases; {ok} compiled with an exact conversion; {faithful} match upstream InterpBench in every field.")
    return 0


def _summaries_with_progress(specs: List[CaseSpec], quiet: bool) -> List[Dict[str, object]]:
    """`case_summary` of each case; the cases the cache lacks are compiled (seconds each, minutes
    for all on a cold cache), announced on stderr with an ETA unless `quiet`."""
    from interpbench_harness.compiled_cases import is_cached
    from interpbench_harness.progress import Progress, duration

    to_compile = {spec.case_id for spec in specs if spec.supported and not is_cached(spec)}
    progress = Progress(len(to_compile), "compiling case", enabled=not quiet and bool(to_compile))
    rows = []
    try:
        for spec in specs:
            if spec.case_id in to_compile:
                progress.start(spec.case_id)
            rows.append(case_summary(spec))
    finally:
        seconds = progress.finish()
    if progress.enabled:
        print(f"compiled {len(to_compile)} case{'s' * (len(to_compile) != 1)} in {duration(seconds)} "
              "(cached for later runs)", file=sys.stderr, flush=True)
    return rows


def _case_command(args) -> int:
    spec = registry.get_case(args.case_id)
    row = case_summary(spec)
    print(f"case {spec.case_id}: {spec.description}")
    print(f"  output {spec.output_kind.value}, {spec.attention} attention, max_seq_len {spec.max_seq_len} "
          f"(incl. BOS), min_seq_len {spec.min_seq_len}, vocab {_sorted_vocab(spec)}")
    print(f"  origin: {row['origin']}; tags: {', '.join(row['tags'])}")
    print(f"  status: {row['status']}")
    if "layers" not in row:
        return 0
    from interpbench_harness.compiled_cases import load_compiled_case

    compiled = load_compiled_case(spec)
    truth = compiled.ground_truth
    print(f"  model: {row['layers']} layers, {row['heads']} heads, d_model {row['d_model']}, "
          f"d_head {compiled.config['d_head']}, d_mlp {compiled.config['d_mlp']}")
    print(f"  conversion check: {json.dumps(compiled.verification)}")
    if spec.upstream_quirk:
        print(f"  upstream quirk (reproduced): {spec.upstream_quirk}")
    _print_fidelity(spec, compiled)
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


def _train_command(args) -> int:
    """Train each selected case in turn; a case already done (accepted, or rejected unless --retry) is skipped."""
    import torch

    from interpbench_harness.progress import Progress
    from interpbench_harness.store import entries
    from interpbench_harness.store.policy import default_settings
    from interpbench_harness.store.training import train_into_store

    torch.set_num_threads(args.threads)
    specs = _train_selection(args.cases)
    settings = default_settings(args.source, recipe=args.recipe)
    shape = args.shape or ("tracr" if args.width is not None else None)  # a width implies tracr's shape
    changes = {k: v for k, v in (("max_steps", args.max_steps), ("seed", args.seed), ("width", args.width),
                                 ("batch_size", args.batch_size), ("shape", shape)) if v is not None}
    settings = settings.replace(**changes)
    root = Path(args.out) if args.out else entries.user_store_root()
    rows = []
    # One line per case (each case's own bar is the trainer's), with the run's ETA.
    overall = Progress(len(specs), "training case", enabled=not args.quiet, interval=0.0, bar=False)
    for spec in specs:
        overall.start(spec.case_id)
        manifest = train_into_store(spec, args.source, root, settings, progress=not args.quiet, retry=args.retry)
        held_out = manifest["held_out"]
        rows.append([spec.case_id, "yes" if manifest["accepted"] else "NO", manifest["steps"],
                     manifest["training_seconds"], held_out["accuracy"], held_out["iia"], held_out["strict_accuracy"]])
        print(f"case {spec.case_id}: {'accepted' if manifest['accepted'] else 'NOT accepted'} after "
              f"{manifest['steps']} steps, {manifest['training_seconds']} s", flush=True)
    overall.finish()
    print(tabulate(rows, headers=["case", "accepted", "steps", "seconds", "accuracy", "IIA", "strict acc"]))
    accepted = sum(row[1] == "yes" for row in rows)
    recipe = "" if args.recipe == "ours" else f" (recipe {args.recipe})"
    print(f"\n{accepted} of {len(rows)} {args.source} models accepted{recipe}; stored under {root / args.source}")
    return 0 if accepted == len(rows) else 1


def _train_selection(cases: str) -> List[CaseSpec]:
    """The supported cases `interpbench train --cases` names, in the order given (so a long run can
    put cases first); each selector as `select_cases` reads it, `shipped` included."""
    from interpbench_harness.store.shipped import select_cases

    specs: List[CaseSpec] = []
    for selector in cases.split(","):
        specs += [s for s in select_cases([selector]) if s.supported and s not in specs]
    return specs


def _untrained_line(source: str, listed: Set[str]) -> str:
    """Which InterpBench cases (TracrBench's left out) the store holds no model for, not even a
    rejected one or an unfinished run: what a full `interpbench train` run still has to start."""
    from interpbench_harness.cases.registry import all_cases, origin_of

    cases = [cid for cid, spec in all_cases().items() if spec.supported and origin_of(spec) != "tracrbench"]
    missing = [cid for cid in cases if cid not in listed]
    if not missing:
        return f"every one of the {len(cases)} InterpBench cases has a {source} model or a recorded attempt"
    named = f": {', '.join(missing)}" if len(missing) <= 30 else " (`interpbench cases` lists every case)"
    return f"no {source} model or attempt yet for {len(missing)} of the {len(cases)} InterpBench cases{named}"


def _progress_text(evaluation: Dict[str, object]) -> str:
    """How far an unfinished training run got, from its checkpoint's last held-out evaluation."""
    if "step" not in evaluation:
        return "no evaluation yet (or an unreadable checkpoint)"
    return (f"step {evaluation['step']}, {evaluation['seconds']:.0f} s: accuracy {evaluation['accuracy']:.4f}, "
            f"IIA {evaluation['iia']:.4f}, strict accuracy {evaluation['strict_accuracy']:.4f}")


def _models_command(args) -> int:
    from interpbench_harness.store import shipped
    from interpbench_harness.store.entries import MANIFEST_FILE, entry_dir
    from interpbench_harness.store.policy import recipe_of
    from interpbench_harness.store.training import unfinished_training

    rows, manifests, damaged = [], [], []
    root = Path(args.store) if args.store else shipped.SHIPPED_ROOT
    if not (root / args.source).is_dir():
        raise FileNotFoundError(f"no {args.source} models under {root}: give a store folder as `interpbench train --out` "
                                "writes it")
    for m in shipped.store_summary(args.source, root):
        try:
            if "damaged" in m:
                raise LookupError(m["damaged"])
            rows.append([m["case_id"], "yes" if m["accepted"] else "no", m["config"]["n_layers"],
                         m["config"]["n_heads"], m["config"]["d_model"], m["steps"], m["training_seconds"],
                         m["held_out"]["accuracy"], m["held_out"]["iia"],
                         min(m["held_out"]["iia_per_node"].values(), default=None), m["held_out"]["strict_accuracy"],
                         m["benchmark_data"]["mean_non_circuit_effect"], 1 + len(m.get("other_attempts", [])),
                         recipe_of(m)])
            manifests.append(m)
        except (LookupError, TypeError, AttributeError) as error:
            path = entry_dir(root, args.source, m["case_id"]) / MANIFEST_FILE
            message = m.get("damaged") or (f"{path} lacks {error!r} or holds it in another form: the file is damaged. "
                                           f"{shipped.SHIPPED_REMEDY}")
            rows.append([m["case_id"], "DAMAGED"] + [None] * 12)
            damaged.append((m["case_id"], message))
    print(tabulate(rows, headers=["case", "accepted", "layers", "heads", "d_model", "steps", "seconds", "accuracy",
                                  "IIA", "weakest node IIA", "strict acc", "non-circuit effect", "attempts", "recipe"]))
    accepted = sum(bool(m["accepted"]) for m in manifests)
    where = "shipped in" if root == shipped.SHIPPED_ROOT else "in"
    print(f"\n{accepted} accepted {args.source} models {where} {root}, "
          f"{len(manifests) - accepted} rejected (the row shows the best attempt; its manifest lists the others)")
    in_training = unfinished_training(root, args.source)
    for case_id, last in in_training.items():
        print(f"case {case_id}: unfinished, {_progress_text(last)}; `interpbench train` with the same settings resumes it")
    print(_untrained_line(args.source, {row[0] for row in rows} | set(in_training)))
    for case_id, message in damaged:
        print(f"case {case_id} DAMAGED: {message}")
    return 1 if damaged else 0


def _export_command(args) -> int:
    """Write models in InterpBench's released layout, with root metadata and SHA256SUMS."""
    from interpbench_harness.compiled_cases import load_compiled_case
    from interpbench_harness.store.released import export_case, write_root_metadata
    from interpbench_harness.store.resolution import resolve_model
    from interpbench_harness.store.shipped import select_cases

    specs = [s for s in select_cases(args.cases.split(",")) if s.supported]
    out = Path(args.out_dir)
    root_meta = {}
    for spec in specs:
        stored = resolve_model(spec, args.source)
        compiled = load_compiled_case(spec)
        meta = {"case_id": spec.case_id, "source": args.source, "origin": stored.origin,
                "weights_sha256": stored.weights_sha256, "manifest": stored.manifest}
        export_case(out, compiled, stored.model, meta)
        root_meta[spec.case_id] = {
            "vocab": sorted(map(str, spec.vocab)), "max_seq_len": spec.max_seq_len, "min_seq_len": spec.min_seq_len,
            "transformer_cfg": dict(stored.model.cfg.to_dict()),
            "training_args": (stored.manifest or {}).get("settings"), "tokens": compiled.tokens,
        }
        print(f"case {spec.case_id}: {stored.origin} model written to {out / spec.case_id}")
    write_root_metadata(out, root_meta)
    print(f"{len(specs)} cases exported to {out} (with benchmark_metadata.json and SHA256SUMS)")
    return 0


def _methods_command(args) -> int:
    """Every method (built-in, plugin file, entry point): what it returns, its options, its origin."""
    from interpbench_harness.methods import registry as methods

    methods.load_methods(Path(args.plugins))
    infos, errors = list(methods.method_infos().values()), methods.load_errors()
    if args.json:
        json.dump({"methods": [info.as_dict() for info in infos], "load_errors": errors}, sys.stdout, indent=1)
        print()
        return 1 if errors else 0
    for info in infos:
        signed = {None: "signed: unknown", True: "signed", False: "unsigned"}[info.signed]
        print(f"{info.name}: returns {info.returns}, {signed}; {info.kind} {info.location}")
        if info.summary:
            print(f"    {info.summary}")
        for field in info.fields:
            print(f"    option {field.name}: {field.type_name} = {field.default!r}" + (f" -- {field.help}" if field.help else ""))
        if not info.fields:
            print("    no options")
    kinds = {kind: sum(info.kind == kind for info in infos) for kind in ("built-in", "plugin file", "entry point", "module")}
    print(f"\n{len(infos)} methods: " + ", ".join(f"{n} {kind}" for kind, n in kinds.items() if n)
          + "; set an option with --method-option=METHOD.KEY=VALUE")
    if errors:
        print(f"{len(errors)} plugin{'s' if len(errors) > 1 else ''} failed to load:")
        for error in errors:
            print(f"  {error}")
    return 1 if errors else 0


def _runs_command(args) -> int:
    from interpbench_harness.report.runs import run_rows, runs_root

    rows = run_rows()
    print(tabulate(rows, headers=["run", "started", "methods", "cases", "model source", "results", "failed", "complete"]))
    print(f"\n{len(rows)} stored runs in {runs_root()}")
    return 0


def _merge_command(args) -> int:
    from interpbench_harness.report.json_report import read_report, write_report
    from interpbench_harness.report.merge import merge_reports

    try:
        merged = merge_reports([read_report(path) for path in args.reports], args.reports)
    except ValueError as error:
        print(f"interpbench merge: {error}", file=sys.stderr)
        return 2
    write_report(args.output, merged)
    state = "complete" if merged["run"]["complete"] else "INCOMPLETE (a shard is missing or was interrupted)"
    print(f"merged {len(args.reports)} reports, {len(merged['results'])} results, into {args.output}: {state}")
    return 0


def _report_command(args) -> int:
    from interpbench_harness.report.runs import load_run
    from interpbench_harness.report.table import results_table

    report = load_run(args.report)
    print(results_table(report["results"]))
    if not report["run"].get("complete"):
        print("\nthis report is marked INCOMPLETE")
    if args.html:
        from interpbench_harness.report.html_page import write_html

        write_html(args.html, report)
        print(f"HTML report: {args.html}")
    return 0


def _compare_command(args) -> int:
    from interpbench_harness.report.compare import compare_methods, compare_runs, render
    from interpbench_harness.report.runs import load_run, resolve_run

    first = load_run(args.a)
    if args.methods:
        methods = [m.strip() for m in args.methods.split(",") if m.strip()]
        if len(methods) < 2 or args.b:
            print("interpbench compare: --methods takes one run and at least two methods, e.g. "
                  "`interpbench compare latest --methods acdc,sp`", file=sys.stderr)
            return 2
        rows = compare_methods(first, methods, args.level, args.seed)
        print(render(*rows, f"{methods[0]} in {resolve_run(args.a)}", f"each other method in {resolve_run(args.a)}", args.level))
        return 0
    if not args.b:
        print("interpbench compare: give two runs (A B), or one run and --methods", file=sys.stderr)
        return 2
    rows = compare_runs(first, load_run(args.b), args.level, args.seed)
    print(render(*rows, str(resolve_run(args.a)), str(resolve_run(args.b)), args.level))
    return 0


def _sorted_vocab(spec: CaseSpec) -> list:
    try:
        return sorted(spec.vocab)
    except TypeError:  # a vocabulary of mixed types (IOI's is not, but a user's may be)
        return sorted(spec.vocab, key=repr)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interpbench", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    cases = commands.add_parser("cases", help="table of every case (compiles and caches each on first use)")
    cases.add_argument("--cases", default="", help="comma-separated case ids or tags; 'shipped' is every case "
                       "with an accepted shipped SIIT model (default: all)")
    cases.add_argument("--json", action="store_true", help="print JSON instead of a table")
    cases.add_argument("--quiet", action="store_true", help="no progress lines on stderr while cases compile")
    cases.set_defaults(run=_cases_command)
    case = commands.add_parser("case", help="one case's settings and ground-truth circuit")
    case.add_argument("case_id")
    case.set_defaults(run=_case_command)
    train = commands.add_parser("train", help="train models into a store (resumable: finished cases are skipped)")
    train.add_argument("--cases", default="all", help="comma-separated case ids or tags, trained in this order; "
                       "'shipped' is every case with an accepted shipped SIIT model (default: all)")
    train.add_argument("--source", choices=("siit", "natural"), default="siit",
                       help="siit: the benchmark's models; natural: behaviour loss only, a realism baseline")
    train.add_argument("--out", default="", help="store folder (default: the user store under the cache dir); "
                       "interpbench_harness/trained_models is the store shipped with the package")
    train.add_argument("--max-steps", type=int, default=None, help="training steps at most; the LR decays linearly to 0 "
                       "there (default 6000; with --recipe upstream a cap on upstream's 2000 epochs, constant LR)")
    train.add_argument("--seed", type=int, default=None, help="training seed (default 0)")
    train.add_argument("--width", type=int, default=None, help="d_model of the trained model (default: tracr's)")
    train.add_argument("--shape", choices=("tracr", "upstream"), default=None,
                       help="the model's widths: tracr's (default with --recipe ours, or with --width) or upstream's, "
                       "about 2x narrower (default with --recipe upstream)")
    train.add_argument("--batch-size", type=int, default=None,
                       help="rows per loss and step (default 256); smaller makes long-input cases affordable")
    train.add_argument("--recipe", choices=("ours", "upstream"), default="ours",
                       help="ours (default): this harness's SIIT recipe; upstream: InterpBench's own (strict weight "
                       "squared, one optimiser step per loss, detached sources, one node per batch, constant LR, "
                       "up to 2000 epochs with a per-epoch 99.5%% early stop); acceptance is ours either way")
    train.add_argument("--retry", action="store_true", help="train again cases whose stored model was not accepted")
    train.add_argument("--threads", type=int, default=1, help="torch threads (default 1)")
    train.add_argument("--quiet", action="store_true", help="no progress bar or per-case progress lines")
    train.set_defaults(run=_train_command)
    export = commands.add_parser("export", help="write models in InterpBench's released layout")
    export.add_argument("out_dir")
    export.add_argument("--cases", default="shipped", help="comma-separated case ids or tags; 'shipped' is every "
                        "case with an accepted shipped SIIT model (default: shipped)")
    export.add_argument("--source", choices=("siit", "natural", "tracr"), default="siit")
    export.set_defaults(run=_export_command)
    runs = commands.add_parser("runs", help="the stored runs (pytest ... --save-run)")
    runs.set_defaults(run=_runs_command)
    merge = commands.add_parser("merge", help="merge the reports of shards (--shard i/N) into one")
    merge.add_argument("reports", nargs="+", help="JSON reports of one run's shards")
    merge.add_argument("-o", "--output", required=True, help="where to write the merged report")
    merge.set_defaults(run=_merge_command)
    compare = commands.add_parser("compare", help="per-case AUROC differences and paired statistics")
    compare.add_argument("a", help="run id, 'latest' or report file (A)")
    compare.add_argument("b", nargs="?", default=None, help="run id or report file (B), for run against run")
    compare.add_argument("--methods", default="", help="compare these methods within run A instead (first = A)")
    compare.add_argument("--level", choices=("edge", "node"), default="edge", help="which AUROC (default: edge)")
    compare.add_argument("--seed", type=int, default=0, help="bootstrap seed (default 0)")
    compare.set_defaults(run=_compare_command)
    report = commands.add_parser("report", help="the results table of a stored run or report file")
    report.add_argument("report", help="run id, 'latest' or a report file")
    report.add_argument("--html", default=None, help="also write the self-contained HTML report here")
    report.set_defaults(run=_report_command)
    models = commands.add_parser("models", help="the shipped trained models and their measured quality")
    models.add_argument("--source", choices=("siit", "natural"), default="siit")
    models.add_argument("--store", default="", help="a store folder written by `interpbench train --out` "
                        "(default: the models shipped with the package)")
    models.set_defaults(run=_models_command)
    method_list = commands.add_parser("methods", help="every discovery method: what it returns, its options, where it "
                                      "comes from; plugin files that failed to load (exit status 1 if any)")
    method_list.add_argument("--plugins", default="method_plugins",
                             help="the plugin folder (default: method_plugins under the current directory)")
    method_list.add_argument("--json", action="store_true", help="print JSON instead of text")
    method_list.set_defaults(run=_methods_command)
    return parser


def main(argv: Optional[List[str]] = None) -> int:
    """Run a command. The user's mistakes (an unknown case, a missing file, a bad value) end with
    one line naming what was wrong and exit status 2; anything else is a bug and keeps its
    traceback. A reader that closes the pipe early (`interpbench models | head`) ends the output
    quietly."""
    args = build_parser().parse_args(argv)
    from interpbench_harness.cases.registry import CaseSelectionError
    from interpbench_harness.store.integrity import CorruptModelError
    from interpbench_harness.store.resolution import ModelNotAvailable

    try:
        return args.run(args)
    except CaseSelectionError as error:
        print(f"interpbench {args.command}: {error.args[0]}", file=sys.stderr)
        return 2
    except (ModelNotAvailable, CorruptModelError, FileNotFoundError, ValueError) as error:
        print(f"interpbench {args.command}: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Python would print a traceback, and another at exit when flushing stdout.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command stopped by SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
