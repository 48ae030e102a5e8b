"""InterpBench's released model layout (as on the Hugging Face repo `cybershiptrooper/InterpBench`):
read a case folder, check it fits the compiled case, and write our own models in it.

Per case `<case>/ll_model.pth`, `ll_model_cfg.pkl`, `edges.pkl`, `meta.json`; at the root
`benchmark_metadata.json`, and, in folders we export, `SHA256SUMS` (see `store.integrity`).
The files are untrusted: they are read through `store.untrusted`.
"""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterable, List, Tuple

from interpbench_harness import atomic
from interpbench_harness.compiled_cases import encodings
from interpbench_harness.graph import Circuit, Edge, NodeKind, Port, head_node, input_node, mlp_node, output_node
from interpbench_harness.store.integrity import write_checksums
from interpbench_harness.store.untrusted import load_config, load_weights, safe_load_pickle

if TYPE_CHECKING:  # torch loads where a model is read or written (the store imports light)
    import torch

MODEL_FILES = ("ll_model.pth", "ll_model_cfg.pkl", "edges.pkl", "meta.json")


def load_edges(path, n_layers: int) -> Circuit:
    """`edges.pkl` (hook-name pairs at Q/K/V granularity) as a Circuit in our naming."""
    pairs = safe_load_pickle(path)
    if not isinstance(pairs, (list, tuple, set)):
        raise ValueError(f"{path}: expected a list of (sender, receiver) hook names, got {type(pairs).__name__}")
    return Circuit.from_edges(parse_released_edges(pairs, n_layers))


def parse_released_edges(pairs: Iterable[Tuple[str, str]], n_layers: int):
    """Map upstream's hook names to our edges; embeddings and resid_pre all are the input node."""
    edges = set()
    for sender_name, receiver_name in pairs:
        edges.add(Edge(_sender(sender_name), *_receiver(receiver_name, n_layers)))
    return edges


def _split(name: str) -> Tuple[str, "int | None", "int | None"]:
    """('blocks.1.hook_q_input[2]') -> ('hook_q_input', 1, 2); layer/head None when absent."""
    head = None
    if name.endswith("]"):
        name, head_text = name[:-1].split("[")
        head = int(head_text)
    parts = name.split(".")
    if parts[0] == "blocks":
        return ".".join(parts[2:]), int(parts[1]), head
    return name, None, head


def _sender(name: str):
    hook, layer, head = _split(name)
    if hook in ("hook_embed", "hook_pos_embed", "hook_resid_pre"):
        return input_node()
    if hook in ("attn.hook_result", "attn.hook_z") and head is not None:
        return head_node(layer, head)
    if hook == "hook_mlp_out":
        return mlp_node(layer)
    raise ValueError(f"unknown sender hook {name!r} in edges.pkl")


def _receiver(name: str, n_layers: int):
    hook, layer, head = _split(name)
    for port in Port:
        if hook == f"hook_{port.value}_input" and head is not None:
            return head_node(layer, head), port
    if hook in ("hook_mlp_in", "hook_mlp_out"):
        return mlp_node(layer), None
    if hook == "hook_resid_post" and layer == n_layers - 1:
        return output_node(n_layers), None
    raise ValueError(f"unknown receiver hook {name!r} in edges.pkl (model has {n_layers} layers)")


@dataclasses.dataclass
class ReleasedCase:
    model: torch.nn.Module
    weights: Dict[str, torch.Tensor]
    config: Dict[str, object]
    ground_truth_qkv: Circuit
    meta: Dict[str, object]


def case_file(case_dir: Path, name: str) -> Path:
    """`ll_model.pth`, or an older release's weight-suffixed name such as `ll_model_510.pth`."""
    path = case_dir / name
    if path.exists():
        return path
    stem, suffix = name.rsplit(".", 1)
    older = sorted(case_dir.glob(f"{stem}_*.{suffix}"))
    if len(older) == 1:
        return older[0]
    raise FileNotFoundError(f"{case_dir} has no {name} (nor a single {stem}_<weight>.{suffix})")


def load_case(case_dir, compiled) -> ReleasedCase:
    """A released case folder as our HookedTransformer plus its Q/K/V-level ground truth.

    Token ids are not stored in upstream's release: they come from compiling the case. So the
    folder's shapes must equal the compiled case's, and the token and output maps the model was
    trained on must equal ours id for id: those in the folder's meta.json where our exporter
    wrote them, else upstream's own (from the vendored upstream facts). A model fed another
    numbering computes garbage without any error, so a mismatch is refused, never loaded.
    """
    case_dir = Path(case_dir)
    meta_path = case_dir / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    model, weights, config = load_model(
        case_dir, case_file(case_dir, "ll_model_cfg.pkl"), case_file(case_dir, "ll_model.pth"), compiled, meta
    )
    return ReleasedCase(model, weights, config, load_edges(case_file(case_dir, "edges.pkl"), int(config["n_layers"])), meta)


def load_model(case_dir: Path, config_path: Path, weights_path: Path, compiled, meta: Dict[str, object]):
    """(model, weights, config) from a released config and weights file, refused unless its shapes
    and token maps are the compiled case's (see `load_case`); `store.mib` loads through it too."""
    from interpbench_harness.hooked_model import build_model, config_from_transformer_lens

    config = config_from_transformer_lens(load_config(config_path))
    case_id = compiled.spec.case_id
    for key in ("d_vocab", "d_vocab_out", "n_ctx"):
        if int(config[key]) != int(compiled.config[key]):
            raise ValueError(
                f"{case_dir}: the model's {key} is {config[key]} but case {case_id} compiles to "
                f"{compiled.config[key]}: it was trained on another vocabulary, output space or length, "
                "so this harness cannot feed it inputs"
            )
    _check_encodings(case_dir, compiled, meta)
    config.update(pad_token_id=compiled.config["pad_token_id"], bos_token_id=compiled.config["bos_token_id"])
    weights = load_weights(weights_path)
    model = build_model(config, {name: value.numpy() for name, value in weights.items()})
    return model, weights, config


def _check_encodings(case_dir: Path, compiled, meta: Dict[str, object]) -> None:
    from interpbench_harness.cases.upstream_fidelity import same_value, upstream_facts

    if not getattr(compiled, "has_compiled_model", True):
        return  # IOI: its vocabulary is GPT-2's or ours, told apart by d_vocab (see ioi.case)
    if "input_encoding" in meta:
        expected, where = meta, f"{case_dir / 'meta.json'}"
    else:
        expected = upstream_facts(compiled.spec.case_id)
        where = f"upstream InterpBench's compilation of case {compiled.spec.case_id}"
        if expected is None:
            raise ValueError(
                f"{case_dir}: its meta.json has no token map and upstream has no case "
                f"{compiled.spec.case_id} to take one from, so the model's token ids are unknown"
            )
    ours = encodings(compiled)
    for key in ("input_encoding", "output_decoding"):
        if key not in expected or compiled.spec.is_regression and key == "output_decoding":
            continue
        if not same_value(ours[key], expected[key]):
            first = next((i for i, (a, b) in enumerate(zip(ours[key], expected[key])) if not same_value(a, b)),
                         min(len(ours[key]), len(expected[key])))
            raise ValueError(
                f"{case_dir}: the model was trained with {key} {_entry(expected[key], first)} at id {first} "
                f"({where}) but case {compiled.spec.case_id} here has {_entry(ours[key], first)}: "
                "the model would be fed other ids than it was trained on, so it was not loaded"
            )


def _entry(values: list, index: int) -> str:
    return json.dumps(values[index]) if index < len(values) else "nothing"


def ground_truth_differences(released: Circuit, ours: Circuit) -> str:
    """'' when both circuits have the same edges, else which edges each lacks."""
    missing, extra = ours.edges - released.edges, released.edges - ours.edges
    parts = []
    if missing:
        parts.append("lacks " + ", ".join(sorted(e.name for e in missing)))
    if extra:
        parts.append("adds " + ", ".join(sorted(e.name for e in extra)))
    return "; ".join(parts)


def released_edge_names(edge: Edge) -> List[Tuple[str, str]]:
    """Our Q/K/V-level edge as upstream's (sender, receiver) hook names; an edge into a head
    that names no port (IOI's ground truth) feeds the head's query, key and value."""
    receiver = edge.receiver
    if receiver.kind is NodeKind.HEAD:
        ports = [edge.port] if edge.port is not None else list(Port)
        receiver_names = [f"blocks.{receiver.layer}.hook_{port.value}_input[{receiver.head}]" for port in ports]
    elif receiver.kind is NodeKind.MLP:
        receiver_names = [f"blocks.{receiver.layer}.hook_mlp_in"]
    else:
        receiver_names = [receiver.name]
    sender = edge.sender
    senders = ["hook_embed", "hook_pos_embed"] if sender.kind is NodeKind.INPUT else [sender.name]
    return [(s, r) for r in receiver_names for s in senders]


def export_case(out_dir, compiled, model, meta: Dict[str, object]) -> List[Path]:
    """Write one case in the released layout; returns the files written."""
    import torch

    case_dir = Path(out_dir) / compiled.spec.case_id
    case_dir.mkdir(parents=True, exist_ok=True)
    torch.save(model.state_dict(), case_dir / "ll_model.pth")
    with open(case_dir / "ll_model_cfg.pkl", "wb") as handle:
        pickle.dump(model.cfg.to_dict(), handle)
    truth = compiled.ground_truth_qkv.embedded(model.cfg.n_layers)
    pairs = [pair for edge in truth.sorted_edges() for pair in released_edge_names(edge)]
    with open(case_dir / "edges.pkl", "wb") as handle:
        pickle.dump(pairs, handle)
    meta = {**meta, **encodings(compiled)}  # the ids the model reads and writes, checked on load
    (case_dir / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n")
    return [case_dir / name for name in MODEL_FILES]


def write_root_metadata(out_dir, cases: Dict[str, Dict[str, object]]) -> None:
    """`benchmark_metadata.json` (per case: vocab, lengths, model config, training settings) and
    SHA256SUMS over every case file, so the folder can be verified when loaded back. Values JSON
    cannot hold (dtypes, ...) are written as strings."""
    out_dir = Path(out_dir)
    atomic.write_text(out_dir / "benchmark_metadata.json",
                      json.dumps({"cases": cases}, indent=1, sort_keys=True, default=str) + "\n")
    write_checksums(out_dir, [path for path in sorted(out_dir.glob("*/*")) if path.name in MODEL_FILES])
