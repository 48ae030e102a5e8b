"""Compiled cases: the exact tracr model as a HookedTransformer plus its ground truth, cached.

Compiling costs seconds (JAX warm-up, tracr's stages, a conversion check); loading a cached
case costs milliseconds and never imports tracr or JAX (importing this module does not even
import torch: `store.resolution` and the pytest plugin need it at start-up). A cache entry is keyed by a hash of
the case's program source, its settings, the tracr version and our own compiler code, so
editing a program or the converter recompiles; it is written atomically under a file lock,
so parallel workers compile a case once and never read a half-written entry.
"""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
import json
import os
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Hashable, List, Optional

import numpy as np
from filelock import FileLock
from safetensors.numpy import load_file, save_file

from interpbench_harness import atomic, graph
from interpbench_harness.cases.spec import CaseSpec, OutputKind
from interpbench_harness.store.integrity import sha256_file

if TYPE_CHECKING:  # torch and `data` (which imports torch) load when a case is used, not imported
    import torch

    from interpbench_harness import data

CACHE_ENV = "INTERPBENCH_CACHE_DIR"
VERIFY_SAMPLES = 2000  # inputs checked against tracr when there are more distinct ones
VERIFY_SEED = 0
TIE_TOLERANCE = 1e-5  # logits this close pick their class by rounding (see verify_conversion)
LABEL_CHUNK_BYTES = 2**30  # bound on labelling's largest intermediate (see CompiledCase.labels)
_CODE_FILES = (
    "compiled_cases.py",  # the conversion check's verdict is part of an entry
    "graph.py",
    "hooked_model.py",
    "cases/spec.py",
    "cases/rasp_blocks.py",
    "tracr_bridge/compile.py",
    "tracr_bridge/convert.py",
    "tracr_bridge/ground_truth.py",
)


def cache_root() -> Path:
    """Where compiled cases live: $INTERPBENCH_CACHE_DIR, else ~/.cache/interpbench-harness."""
    root = os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "interpbench-harness"
    return Path(root) / "compiled"


@dataclasses.dataclass(frozen=True)
class CompiledCase:
    """A case's exact compiled model (as weights), token maps, ground truth and check result."""

    spec: CaseSpec
    config: Dict[str, object]
    weights: Dict[str, np.ndarray]
    tokens: List[Hashable]  # token of each input id
    output_values: List[Hashable]  # value of each output logit (categorical); [None] numerical
    ground_truth_qkv: graph.Circuit
    verification: Dict[str, object]
    key: str

    @property
    def n_layers(self) -> int:
        return int(self.config["n_layers"])

    @property
    def n_heads(self) -> int:
        return int(self.config["n_heads"])

    @cached_property
    def token_to_id(self) -> Dict[Hashable, int]:
        return {token: i for i, token in enumerate(self.tokens)}

    @property
    def ground_truth(self) -> graph.Circuit:
        """The ground truth at head granularity (Q/K/V edges promoted)."""
        return self.ground_truth_qkv.promoted()

    def universe(self, qkv: bool = False) -> graph.Circuit:
        return graph.universe(self.n_layers, self.n_heads, qkv=qkv)

    def model(self):
        """A fresh HookedTransformer with the compiled weights (milliseconds)."""
        from interpbench_harness.hooked_model import build_model

        return build_model(self.config, self.weights)

    def batch(self, n_samples: int, seed: int, variable_length: bool = False) -> data.TokenBatch:
        """Upstream's draws (see `data`): at the maximum length unless `variable_length`."""
        from interpbench_harness import data

        sequences = data.sample_sequences(self.spec, n_samples, seed, variable_length)
        return data.encode(sequences, self.token_to_id, self.spec.max_seq_len)

    def corrupted_batch(self, n_samples: int) -> data.TokenBatch:
        """The corrupted inputs: an independent resample with the corrupted seed, as upstream."""
        from interpbench_harness import data

        return self.batch(n_samples, data.CORRUPTED_SEED)

    def labels(self, batch: data.TokenBatch, model=None) -> torch.Tensor:
        """The compiled model's outputs: class indices (categorical) or values (numerical).

        Runs in row chunks so that the per-head results' [rows, positions, heads, d_head,
        d_model] intermediate stays under `LABEL_CHUNK_BYTES`: in one pass, labelling case 5's
        16000-row training pool took the trainer to 19 GB (2 GB in chunks). On the training
        pools of the cases it splits, chunks gave the same logits bit for bit; a batch under the
        budget is one chunk.
        """
        import torch

        model = model if model is not None else self.model()
        cfg = model.cfg
        row_bytes = batch.ids.shape[1] * cfg.n_heads * cfg.d_head * cfg.d_model * cfg.dtype.itemsize
        rows_per_chunk = max(1, LABEL_CHUNK_BYTES // row_bytes)
        with torch.no_grad():
            logits = torch.cat([model(ids) for ids in batch.ids.split(rows_per_chunk)])
        if self.spec.output_kind is OutputKind.NUMERICAL:
            return logits[..., 0]
        return logits.argmax(dim=-1)

    def behaviour_targets(self, batch: data.TokenBatch, labels: torch.Tensor):
        """(targets, scored) of the SIIT behaviour loss: the high-level labels where scored."""
        return labels, batch.scored


def encodings(compiled) -> Dict[str, list]:
    """The case's token map and output map as JSON lists: [[token, id], ...] and [value per id].

    What a trained model's ids mean: written beside exported models and compared with upstream's.
    """
    return {
        "input_encoding": [[token, i] for i, token in enumerate(compiled.tokens)],
        "output_decoding": list(compiled.output_values),
    }


def cache_key(spec: CaseSpec) -> str:
    """Hash of everything that determines the compiled artefacts."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    # The case's file, read from disk: its module may have left sys.modules (pytester restores it).
    digest.update(Path(inspect.getsourcefile(spec.build_program)).read_text().encode())
    for name in _CODE_FILES:
        digest.update((package / name).read_bytes())
    settings = (
        spec.case_id,
        sorted(map(repr, spec.vocab)),
        spec.max_seq_len,
        spec.min_seq_len,
        spec.causal,
        OutputKind(spec.output_kind).value,
        metadata.version("tracr-pypi"),
    )
    digest.update(repr(settings).encode())
    return digest.hexdigest()


def is_cached(spec: CaseSpec, root: Optional[Path] = None) -> bool:
    """Whether the cache holds an entry for the case as it is now (loading it compiles nothing,
    unless the entry turns out damaged); cases with their own loader count as cached."""
    if spec.loader is not None:
        return True
    root = Path(root) if root is not None else cache_root()
    return (root / f"case-{spec.case_id}-{cache_key(spec)[:16]}" / "meta.json").is_file()


def load_compiled_case(spec: CaseSpec, root: Optional[Path] = None) -> CompiledCase:
    """The compiled case, from the cache when present and intact, else compiled now.

    A case with its own `loader` (IOI, which has a hand-written high-level model instead of a
    RASP program) is built by it; the result offers the same attributes.
    """
    if spec.loader is not None:
        return spec.loader(spec)
    key = cache_key(spec)
    root = Path(root) if root is not None else cache_root()
    entry = root / f"case-{spec.case_id}-{key[:16]}"
    cached = _read_entry(spec, entry, key)
    if cached is not None:
        return cached
    root.mkdir(parents=True, exist_ok=True)
    with FileLock(str(entry) + ".lock"):
        cached = _read_entry(spec, entry, key)  # another worker may have finished meanwhile
        if cached is not None:
            return cached
        compiled = compile_and_verify(spec, key)
        _write_entry(compiled, entry)
        return compiled


def compile_and_verify(spec: CaseSpec, key: str = "") -> CompiledCase:
    """Compile with tracr, convert, extract the ground truth and check the conversion."""
    from interpbench_harness.hooked_model import build_model
    from interpbench_harness.tracr_bridge.compile import compile_case
    from interpbench_harness.tracr_bridge.convert import model_config, model_weights
    from interpbench_harness.tracr_bridge.ground_truth import ground_truth_circuit

    compilation = compile_case(spec)
    config = model_config(compilation)
    weights = model_weights(compilation)
    tokens = [t for t, _ in sorted(compilation.token_to_id.items(), key=lambda item: item[1])]
    compiled = CompiledCase(
        spec=spec,
        config=config,
        weights=weights,
        tokens=tokens,
        output_values=compilation.output_values,
        ground_truth_qkv=ground_truth_circuit(compilation, config["n_layers"]),
        verification={},
        key=key or cache_key(spec),
    )
    report = verify_conversion(compilation, compiled, build_model(config, weights))
    return dataclasses.replace(compiled, verification=report)


def verify_conversion(compilation, compiled: CompiledCase, model) -> Dict[str, object]:
    """Compare our model with tracr's on every distinct input, or VERIFY_SAMPLES of them.

    Categorical cases must pick the same output at every scored position where tracr's choice is
    decisive (best two logits more than TIE_TOLERANCE apart); numerical ones must agree to 1e-5.
    Returns the measured agreement (the caller decides what passes).
    """
    import torch

    from interpbench_harness import data
    from interpbench_harness.tracr_bridge.compile import run_tracr

    batch = compiled.batch(VERIFY_SAMPLES, VERIFY_SEED, variable_length=True)
    reference = run_tracr(compilation, batch.ids.numpy())
    with torch.no_grad():
        ours = model(batch.ids).numpy()
    scored = batch.scored.numpy()
    report: Dict[str, object] = {
        "inputs": len(batch),
        "exhaustive": data.ENUMERATE_ABOVE < data.count_distinct(compiled.spec) < VERIFY_SAMPLES,
        "max_abs_logit_diff": float(np.abs(ours - reference["logits"])[scored].max()),
    }
    if compiled.spec.output_kind is OutputKind.CATEGORICAL:
        # Where tracr's two best logits tie, its pick is float rounding, not the program: such
        # positions (where upstream's program answers None) are counted, not compared.
        top2 = np.sort(reference["logits"], axis=-1)[..., -2:] if reference["logits"].shape[-1] > 1 else None
        decisive = scored if top2 is None else scored & (top2[..., 1] - top2[..., 0] > TIE_TOLERANCE)
        same = ours.argmax(-1) == reference["logits"].argmax(-1)
        report["argmax_match"] = float(same[decisive].mean())
        report["tied_positions"] = int((scored & ~decisive).sum())
        report["exact"] = report["argmax_match"] == 1.0
    else:
        report["exact"] = report["max_abs_logit_diff"] <= 1e-5
    return report


def _write_entry(compiled: CompiledCase, entry: Path) -> None:
    with atomic.replacing_folder(entry) as tmp:
        save_file(compiled.weights, str(tmp / "weights.safetensors"))
        meta = {
            "case_id": compiled.spec.case_id,
            "key": compiled.key,
            "weights_sha256": sha256_file(tmp / "weights.safetensors"),
            "config": compiled.config,
            "tokens": compiled.tokens,
            "output_values": compiled.output_values,
            "ground_truth_qkv": [e.name for e in compiled.ground_truth_qkv.sorted_edges()],
            "verification": compiled.verification,
        }
        meta = json.loads(json.dumps(meta))  # hashed as it will read back (tuples as lists, ...)
        meta["content_sha256"] = _content_sha256(meta)  # last: covers every field above
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1))


def _read_entry(spec: CaseSpec, entry: Path, key: str) -> Optional[CompiledCase]:
    """The cached case, or None when absent, stale or damaged (it is then rebuilt).

    Every cached fact is checked: `content_sha256` covers the meta fields (config, tokens,
    output values, ground truth, verification) and the weights' sha256, which is checked
    against the weights file, so an edited or bit-flipped entry is rebuilt, never used.
    """
    try:
        meta = json.loads((entry / "meta.json").read_text())
        weights_file = entry / "weights.safetensors"
        if (meta["key"] != key or meta["content_sha256"] != _content_sha256(meta)
                or meta["weights_sha256"] != sha256_file(weights_file)):
            return None
        weights = load_file(str(weights_file))
        n_layers = int(meta["config"]["n_layers"])
        edges = [graph.parse_edge(name, n_layers) for name in meta["ground_truth_qkv"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return CompiledCase(
        spec=spec,
        config=meta["config"],
        weights=weights,
        tokens=meta["tokens"],
        output_values=meta["output_values"],
        ground_truth_qkv=graph.Circuit.from_edges(edges),
        verification=meta["verification"],
        key=key,
    )


def _content_sha256(meta: Dict[str, object]) -> str:
    """sha256 of an entry's canonical JSON: every meta field but this hash itself."""
    fields = {name: value for name, value in meta.items() if name != "content_sha256"}
    return hashlib.sha256(json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
