"""How closely a case reproduces upstream InterpBench's case of the same id.

`upstream_facts.json` (vendored from the project's shared reference) holds, per case, facts
computed by running upstream's own programs (FlyingPumba/InterpBench @ 220791e4) with
tracr-pypi: vocabulary, lengths, attention, output kind, the token and output encodings, the
compiled structure, the ground truth by our rule, and 200 input/output examples. This module
holds a case against all of it, field by field, so a released InterpBench model can be trusted
to line up with our data and our AUROCs can be set beside the paper's.

Passing the 200 examples is necessary, not sufficient: the tests also compare each program with
its reference on inputs of their own.
"""

from __future__ import annotations

import dataclasses
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from interpbench_harness.cases.spec import CaseSpec, OutputKind

FACTS_FILE = Path(__file__).with_name("upstream_facts.json")
NUMERICAL_TOLERANCE = 1e-4  # compiled numerical outputs: tracr's float32 against ours


@dataclasses.dataclass(frozen=True)
class FieldCheck:
    """One compared field: our value, upstream's, and whether they agree."""

    field: str
    ours: Any
    upstream: Any
    ok: bool

    def describe(self) -> str:
        if self.ok:
            return f"{self.field}: ok"
        return f"{self.field}: ours {_short(self.ours)}, upstream {_short(self.upstream)}"


@lru_cache(maxsize=1)
def all_facts() -> Dict[str, Dict[str, Any]]:
    """Upstream's facts for every tracr case, by case id."""
    return json.loads(FACTS_FILE.read_text())["cases"]


def upstream_facts(case_id: str) -> Optional[Dict[str, Any]]:
    """Upstream's facts for a case id, or None when upstream has no tracr case of that id."""
    return all_facts().get(case_id)


def same_value(ours: Any, upstream: Any, tolerance: float = 0.0) -> bool:
    """Equal as JSON values, types included (True is not 1, 1 is not 1.0, "1" is not 1).

    Tuples count as lists (JSON has no tuples). A `tolerance` applies to floats only.
    """
    ours = _as_json(ours)
    if isinstance(ours, list) and isinstance(upstream, list):
        return len(ours) == len(upstream) and all(
            same_value(a, b, tolerance) for a, b in zip(ours, upstream)
        )
    if type(ours) is not type(upstream):
        return False
    if isinstance(ours, float):
        return ours == upstream or (tolerance > 0 and math.isclose(ours, upstream, abs_tol=tolerance))
    return ours == upstream


def spec_checks(spec: CaseSpec, facts: Dict[str, Any]) -> List[FieldCheck]:
    """The fields a case declares without compiling: vocabulary, lengths, attention, kind."""
    ours = {
        "vocab": sorted(spec.vocab),
        "max_seq_len": spec.max_seq_len,
        "min_seq_len": spec.min_seq_len,
        "attention": spec.attention,
        "output_kind": OutputKind(spec.output_kind).value,
        "is_trivial": spec.trivial,
    }
    return [FieldCheck(name, value, facts[name], same_value(value, facts[name])) for name, value in ours.items()]


def program_checks(spec: CaseSpec, facts: Dict[str, Any]) -> List[FieldCheck]:
    """Our RASP program and our reference, each against upstream's program on every example."""
    from tracr.rasp import rasp

    program = spec.build_program()
    tolerance = 1e-9 if spec.is_regression else 0.0
    checks = []
    for name, run in (
        ("examples.program", lambda tokens: rasp.evaluate(program, tokens)),
        ("examples.reference", lambda tokens: spec.reference(list(tokens))),
    ):
        checks.append(_examples_check(name, facts["examples"], "program", run, tolerance))
    return checks


def compiled_checks(compiled, facts: Dict[str, Any]) -> List[FieldCheck]:
    """Encodings, compiled structure, ground truth and the compiled model's outputs."""
    from interpbench_harness.compiled_cases import encodings

    config = compiled.config
    encoded = encodings(compiled)
    ours: Dict[str, Any] = {
        "input_encoding": encoded["input_encoding"],
        "bos_id": config["bos_token_id"],
        "pad_id": config["pad_token_id"],
        "d_vocab": config["d_vocab"],
        "d_vocab_out": config["d_vocab_out"],
        "n_ctx": config["n_ctx"],
        "n_layers": config["n_layers"],
        "layers": components_used(compiled.weights, config["n_layers"], config["n_heads"]),
        "n_heads": config["n_heads"],
        "d_model": config["d_model"],
        "d_mlp": config["d_mlp"],
        "d_head": config["d_head"],
        "gt_nodes": sorted(node.name for node in compiled.ground_truth.nodes),
        "gt_edges": sorted(edge.name for edge in compiled.ground_truth.edges),
        "gt_edges_qkv": sorted(edge.name for edge in compiled.ground_truth_qkv.edges),
    }
    if "output_decoding" in facts:
        ours["output_decoding"] = encoded["output_decoding"]
    upstream = {name: facts[name] for name in ours}
    for name in ("gt_nodes", "gt_edges", "gt_edges_qkv"):
        upstream[name] = sorted(upstream[name])
    checks = [FieldCheck(name, ours[name], upstream[name], same_value(ours[name], upstream[name])) for name in ours]
    tolerance = NUMERICAL_TOLERANCE if compiled.spec.is_regression else 0.0
    checks.append(_examples_check("examples.compiled", facts["examples"], "compiled", _compiled_runner(compiled), tolerance))
    return checks


def check_case(spec: CaseSpec, compiled=None) -> List[FieldCheck]:
    """Every check that applies: the declared fields and examples, and, given the compiled case,
    its encodings, structure, ground truth and outputs. Raises KeyError for a case upstream lacks."""
    facts = upstream_facts(spec.case_id)
    if facts is None:
        raise KeyError(f"upstream InterpBench has no tracr case {spec.case_id!r}")
    checks = spec_checks(spec, facts) + program_checks(spec, facts)
    if compiled is not None:
        checks += compiled_checks(compiled, facts)
    return checks


def components_used(weights: Dict[str, Any], n_layers: int, n_heads: int) -> List[Dict[str, Any]]:
    """Per layer, the heads with any non-zero weight and whether the MLP has any (tracr pads
    every layer to the widest one with all-zero heads and MLPs)."""
    layers = []
    for layer in range(n_layers):
        block = f"blocks.{layer}"
        heads = [
            head
            for head in range(n_heads)
            if any(bool((weights[f"{block}.attn.W_{m}"][head] != 0).any()) for m in ("Q", "K", "V", "O"))
        ]
        mlp = bool((weights[f"{block}.mlp.W_in"] != 0).any() or (weights[f"{block}.mlp.W_out"] != 0).any())
        layers.append({"heads": heads, "mlp": mlp})
    return layers


def _compiled_runner(compiled):
    """Decoded outputs of the compiled model on one input, BOS dropped (PAD is masked).

    Where the two best logits tie (within compiled_cases.TIE_TOLERANCE, the conversion check's
    own) the position yields `Tied`: tracr
    writes nothing decisive where the program's answer is None, and which class wins there
    depends on the machine's rounding (case 38 differs from the facts on 4 of 200 inputs for that
    reason alone, under tracr's own JAX model as under ours).
    """
    import torch

    from interpbench_harness import data
    from interpbench_harness.compiled_cases import TIE_TOLERANCE

    model = compiled.model()

    def run(tokens: Sequence[Any]) -> List[Any]:
        batch = data.encode([list(tokens)], compiled.token_to_id, compiled.spec.max_seq_len)
        with torch.no_grad():
            logits = model(batch.ids)[0, 1 : len(tokens) + 1]
        if compiled.spec.is_regression:
            return [float(v) for v in logits[:, 0]]
        decoded: List[Any] = [compiled.output_values[int(i)] for i in logits.argmax(-1)]
        if logits.shape[-1] > 1:
            top2 = logits.topk(2, dim=-1).values
            decoded = [Tied(v) if float(a - b) <= TIE_TOLERANCE else v for v, (a, b) in zip(decoded, top2)]
        return decoded

    return run


@dataclasses.dataclass(frozen=True)
class Tied:
    """A compiled output picked among tied logits; it agrees with upstream only where upstream's
    program has no answer (None), since there the choice is rounding."""

    value: Any


def _examples_check(name, examples, key, run, tolerance) -> FieldCheck:
    """Runs `run` on every example input; keeps the first disagreement and the count.

    A `Tied` output agrees where upstream's program output is None and is otherwise compared by
    its value; the number of such positions is reported.
    """
    wrong = tied = 0
    first = None
    for example in examples:
        try:
            got = run(example["input"])
        except Exception as error:  # a program that raises is a disagreement, not a crash
            got = f"raised {error!r}"
        if isinstance(got, list):
            expected = example[key]
            for i, (value, program_value) in enumerate(zip(got, example["program"])):
                if isinstance(value, Tied):
                    tied += program_value is None
                    got[i] = expected[i] if program_value is None else value.value
        if not same_value(got, example[key], tolerance):
            wrong += 1
            if first is None:
                first = {"input": example["input"], "ours": _as_json(got), "upstream": example[key]}
    ours = {"disagree": wrong, "of": len(examples), "first": first}
    if tied:
        ours["tied_positions_where_upstream_has_no_answer"] = tied
    return FieldCheck(name, ours, f"{len(examples)} examples", wrong == 0)


def _as_json(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, list):
        return [_as_json(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        return value.item()
    return value


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= limit else text[:limit] + "..."
