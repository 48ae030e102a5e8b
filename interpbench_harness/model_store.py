"""The model store: which trained model a case runs with, where it came from, and that it is intact.

A case's `siit` model (ours) is resolved in this order, first hit wins:

1. the models shipped inside this package (`trained_models/`);
2. the user's store of locally trained models (`$INTERPBENCH_CACHE_DIR/trained`, default
   `~/.cache/interpbench-harness/trained`);
3. training it now, when the caller allows it; otherwise `ModelNotAvailable` says how.

`natural` models (same shape, behaviour loss only) resolve the same way; `tracr` is the compiled
model itself. `interpbench` is upstream's released SIIT model, from a folder in InterpBench's
released layout named by $INTERPBENCH_RELEASED_DIR, else from the local huggingface_hub cache of
`cybershiptrooper/InterpBench` when $INTERPBENCH_HF_CACHE=1 (nothing is ever downloaded); its
ground truth is the folder's `edges.pkl`, cross-checked against ours. For the `ioi` case, MIB's
copy of the model (`mib-bench/interpbench`: config at the root, weights in `ioi_all_splits/`, no
edges.pkl) is read from $INTERPBENCH_MIB_DIR or that repo's hub cache when the others lack it.

Our entries are `<root>/<source>/case-<id>/{model.safetensors, manifest.json}`; the manifest
holds the weights' sha256, checked on every load, and a fingerprint of the compiled case the
model was trained against, so a model never meets a changed program.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import numpy as np
from filelock import FileLock

from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.compiled_cases import cache_root, load_compiled_case
from interpbench_harness.graph import NodeKind

SOURCES = ("siit", "tracr", "natural", "interpbench")
TRAINED_SOURCES = ("siit", "natural")
SHIPPED_ROOT = Path(__file__).parent / "trained_models"
MODEL_FILE = "model.safetensors"
MANIFEST_FILE = "manifest.json"
CHECKPOINT_SUFFIX = ".checkpoint.pt"  # beside the entry while it trains (see _train)
RELEASED_DIR_ENV = "INTERPBENCH_RELEASED_DIR"
MIB_DIR_ENV = "INTERPBENCH_MIB_DIR"  # a folder in MIB's layout of the InterpBench IOI model
HF_CACHE_ENV = "INTERPBENCH_HF_CACHE"
HF_REPO = "cybershiptrooper/InterpBench"


class ModelNotAvailable(LookupError):
    """No usable model for the case and source; the message says what was tried and what to do."""


class CorruptModelError(ValueError):
    """A stored file does not match its recorded hash; it was not used."""


@dataclasses.dataclass
class StoredModel:
    case_id: str
    source: str
    model: object  # a HookedTransformer
    origin: str  # released-folder, hf-cache, shipped, user-store, trained-now, compiled
    path: Optional[Path]
    manifest: Optional[Dict[str, object]]
    weights_sha256: str
    case: object = None  # the case in the token numbering the model reads, where that is not the default (IOI)
    ground_truth: object = None  # a released model's own ground truth (edges.pkl, head level); None: ours
    ground_truth_note: str = ""  # how a released ground truth differs from ours ("" when they agree)

    def fresh_model(self):
        """A new model with the same weights (a method may not alter the cached one's)."""
        import copy

        from interpbench_harness.hooked_model import build_model

        config = {**copy.deepcopy(self.model.cfg.to_dict()), "pad_token_id": self.model.pad_token_id,
                  "bos_token_id": self.model.bos_token_id}
        weights = {name: p.detach().numpy().copy() for name, p in self.model.named_parameters()}
        return build_model(config, weights)


def user_store_root() -> Path:
    return cache_root().parent / "trained"


def entry_dir(root: Path, source: str, case_id: str) -> Path:
    return Path(root) / source / f"case-{case_id}"


def compiled_fingerprint(compiled) -> str:
    """sha256 of what defines the high-level model: config, weights, token maps, ground truth."""
    digest = hashlib.sha256()
    digest.update(json.dumps(compiled.config, sort_keys=True).encode())
    for name in sorted(compiled.weights):
        digest.update(name.encode())
        digest.update(np.ascontiguousarray(compiled.weights[name], dtype=np.float32).tobytes())
    digest.update(repr([compiled.tokens, compiled.output_values]).encode())
    digest.update(repr([e.name for e in compiled.ground_truth_qkv.sorted_edges()]).encode())
    if not getattr(compiled, "has_compiled_model", True):  # a hand-written high-level model (IOI)
        digest.update(compiled.key.encode())  # its behaviour's digest stands in for the weights
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_sha256(model) -> str:
    """`state_dict_sha256` of a model's parameters (buffers such as attention masks left out)."""
    return state_dict_sha256({name: p.detach().numpy() for name, p in model.named_parameters()})


def state_dict_sha256(state: Dict[str, object]) -> str:
    """A hash of weights independent of how they were saved (names, shapes, float32 bytes)."""
    digest = hashlib.sha256()
    for name in sorted(state):
        array = np.ascontiguousarray(np.asarray(state[name], dtype=np.float32))
        digest.update(f"{name}{array.shape}".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


# ---------------------------------------------------------------------------------------------
# Our own entries (shipped and user store)


def read_entry(entry: Path, compiled) -> Tuple[str, Optional[Dict[str, object]], Optional[Dict[str, np.ndarray]]]:
    """(status, manifest, weights) of one entry; status is ok, missing, stale or rejected.

    stale: trained against a different compiled case or by another trainer version;
    rejected: trained but it did not meet the criteria. A hash mismatch raises
    CorruptModelError: such a file is never used.
    """
    from safetensors.numpy import load_file

    from interpbench_harness.siit import TRAINER_VERSION

    manifest_path, model_path = entry / MANIFEST_FILE, entry / MODEL_FILE
    if not manifest_path.exists() or not model_path.exists():
        return "missing", None, None
    try:
        manifest = json.loads(manifest_path.read_text())
        recorded = manifest["sha256"][MODEL_FILE]
    except (ValueError, KeyError, TypeError) as error:  # the caller adds the remedy for its store
        raise CorruptModelError(_unreadable(manifest_path, error)) from error
    actual = sha256_file(model_path)
    if actual != recorded:
        raise CorruptModelError(
            f"{model_path} has sha256 {actual[:12]}... but its manifest records {recorded[:12]}...: the file is "
            f"damaged or was replaced, so it was not used"
        )
    if manifest.get("compiled_fingerprint") != compiled_fingerprint(compiled) or manifest.get(
        "trainer_version"
    ) != TRAINER_VERSION:
        return "stale", manifest, None
    if not manifest.get("accepted"):
        return "rejected", manifest, None
    return "ok", manifest, load_file(str(model_path))


def write_entry(entry: Path, weights: Dict[str, np.ndarray], manifest: Dict[str, object]) -> Dict[str, object]:
    """Write weights and manifest atomically (a temporary folder renamed into place)."""
    from safetensors.numpy import save_file

    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=entry.name + ".tmp-", dir=entry.parent))
    try:
        save_file({k: np.ascontiguousarray(v, dtype=np.float32) for k, v in weights.items()}, str(tmp / MODEL_FILE))
        manifest = {**manifest, "sha256": {MODEL_FILE: sha256_file(tmp / MODEL_FILE)}}
        (tmp / MANIFEST_FILE).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
        if entry.exists():
            shutil.rmtree(entry)
        os.replace(tmp, entry)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return manifest


# ---------------------------------------------------------------------------------------------
# Training into a store


def default_settings(source: str, recipe: str = "ours"):
    """The settings a source is trained with: ours, or upstream's recipe (`siit.recipes`)."""
    from interpbench_harness.siit import NATURAL_WEIGHTS, LossWeights, TrainingSettings
    from interpbench_harness.siit.recipes import RECIPES, UPSTREAM, upstream_max_steps

    if source not in TRAINED_SOURCES:
        raise ValueError(f"only {', '.join(TRAINED_SOURCES)} models are trained, not {source!r}")
    if recipe not in RECIPES:
        raise ValueError(f"unknown training recipe {recipe!r}; available: {', '.join(RECIPES)}")
    settings = TrainingSettings()
    if recipe == "upstream":
        settings = settings.replace(
            recipe="upstream", max_steps=upstream_max_steps(), batch_size=UPSTREAM.batch_size, lr=UPSTREAM.lr,
            betas=UPSTREAM.betas, grad_clip=UPSTREAM.grad_clip, lr_decay=UPSTREAM.lr_decay,
            weights=LossWeights(UPSTREAM.behaviour_weight, UPSTREAM.iit_weight, UPSTREAM.strict_weight),
        )
    return settings.replace(weights=NATURAL_WEIGHTS) if source == "natural" else settings


def recipe_of(manifest: Optional[Dict[str, object]]) -> str:
    """The recipe a stored model was trained with (manifests from before recipes: ours)."""
    return str(((manifest or {}).get("settings") or {}).get("recipe", "ours"))


def _settings_key(settings) -> Dict[str, object]:
    """The settings as the checkpoint key digests them; our recipe leaves `recipe` out, so keys
    (and checkpoints of runs under way) are what they were before recipes existed."""
    plain = _plain(dataclasses.asdict(settings))
    if plain.get("recipe") == "ours":
        del plain["recipe"]
    return plain


def train_into_store(
    spec: CaseSpec, source: str = "siit", root: Optional[Path] = None, settings=None, progress: bool = True,
    retry: bool = False,
) -> Dict[str, object]:
    """Train the case's model unless the store already holds a current one; returns its manifest.

    A current entry that was accepted is kept; one that was rejected is kept too unless
    `retry`, so a long `interpbench train` run can be restarted and picks up where it stopped.
    Workers training the same case wait on a file lock and the second one finds it done.
    A current entry trained with another recipe than `settings` asks for is an error: each
    recipe's models belong in their own store (`--out`).
    """
    root = Path(root) if root is not None else user_store_root()
    compiled = load_compiled_case(spec)
    entry = entry_dir(root, source, spec.case_id)
    entry.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(str(entry) + ".lock"):
        try:
            status, manifest, _ = read_entry(entry, compiled)
        except CorruptModelError:
            status, manifest = "corrupt", None
        settings = settings or default_settings(source)
        if status in ("ok", "rejected") and recipe_of(manifest) != settings.recipe:
            raise ValueError(
                f"{entry} holds a case {spec.case_id} model trained with the {recipe_of(manifest)!r} recipe, not "
                f"{settings.recipe!r}; train the {settings.recipe!r} recipe into another store (--out)"
            )
        if status == "ok" or (status == "rejected" and not retry):
            return manifest
        previous = manifest if status == "rejected" else None
        return _train_and_write(compiled, source, entry, settings, progress, previous)


def _train_and_write(
    compiled, source: str, entry: Path, settings, progress: bool, previous: Optional[Dict[str, object]] = None
) -> Dict[str, object]:
    """Train (resuming from the entry's checkpoint if there is one), then store the better attempt."""
    checkpoint = entry.with_name(entry.name + CHECKPOINT_SUFFIX)
    weights, manifest = _train(compiled, source, settings, progress, checkpoint)
    written = _keep_better(entry, weights, manifest, previous)
    checkpoint.unlink(missing_ok=True)
    return written


def _keep_better(entry: Path, weights, manifest: Dict[str, object], previous: Optional[Dict[str, object]]):
    """Write the new model, unless it is a retry that did worse than the rejected `previous`.

    Retrying a rejected case (other width, steps or seed) must not lose its best attempt: the
    entry keeps whichever of the two is accepted or, both rejected, has the higher weakest
    criterion, and its manifest lists the other attempts under `other_attempts`.
    """
    if previous is None:
        return write_entry(entry, weights, manifest)
    attempts = list(previous.get("other_attempts", []))
    if manifest["accepted"] or weakest_criterion(manifest) > weakest_criterion(previous):
        return write_entry(entry, weights, {**manifest, "other_attempts": attempts + [attempt_summary(previous)]})
    from safetensors.numpy import load_file

    kept_weights = load_file(str(entry / MODEL_FILE))
    kept = {k: v for k, v in previous.items() if k != "sha256"}
    return write_entry(entry, kept_weights, {**kept, "other_attempts": attempts + [attempt_summary(manifest)]})


def weakest_criterion(manifest: Dict[str, object]) -> float:
    """The lowest held-out figure among the criteria: what kept the model from being accepted."""
    held_out = manifest["held_out"]
    return min(float(held_out[name]) for name in manifest.get("criteria", ("accuracy", "iia", "strict_accuracy")))


def attempt_summary(manifest: Dict[str, object]) -> Dict[str, object]:
    """What an attempt that is not kept leaves in the manifest: its settings and held-out figures."""
    settings = manifest.get("settings", {})
    return {
        "accepted": manifest["accepted"],
        "settings": {k: settings.get(k) for k in ("seed", "max_steps", "width", "batch_size")},
        "recipe": recipe_of(manifest),
        "d_model": manifest.get("config", {}).get("d_model"),
        "steps": manifest.get("steps"),
        "training_seconds": manifest.get("training_seconds"),
        "held_out": {k: manifest["held_out"].get(k) for k in ("accuracy", "iia", "strict_accuracy")},
        "trainer_version": manifest.get("trainer_version"),
        "created": manifest.get("created"),
    }


def _train(compiled, source: str, settings, progress: bool, checkpoint: Path) -> Tuple[Dict[str, np.ndarray], Dict[str, object]]:
    """(weights, manifest without its file hash) of a freshly trained model.

    Training saves its state to `checkpoint` as it goes and resumes from it when the same case,
    source, settings and trainer version meet it again, so a stopped run loses little.
    """
    import torch

    from interpbench_harness.siit import TRAINER_VERSION, evaluate, train_siit

    fingerprint = compiled_fingerprint(compiled)
    key = hashlib.sha256(json.dumps([fingerprint, source, TRAINER_VERSION,
                                     _settings_key(settings)], sort_keys=True).encode()).hexdigest()
    model, history = train_siit(compiled, settings, progress=progress, checkpoint=checkpoint, checkpoint_key=key)
    held_out = history.evaluations[-1]
    benchmark_data = evaluate(compiled, model)  # the clean/corrupted pairs methods are scored on
    weights = {name: value.detach().numpy() for name, value in model.state_dict().items()
               if name in dict(model.named_parameters())}
    manifest = {
        "case_id": compiled.spec.case_id,
        "source": source,
        "accepted": bool(history.converged),
        "criteria": list(settings.criteria),
        "target": settings.target,
        "held_out": _metrics_summary(held_out),
        "benchmark_data": _metrics_summary(benchmark_data),
        "steps": history.steps,
        "training_seconds": round(history.seconds, 2),
        "steps_per_second": round(history.steps_per_second, 2),
        "config": {k: v for k, v in _plain(dict(model.cfg.to_dict())).items() if k in _CONFIG_KEYS},
        "pad_token_id": model.pad_token_id,
        "bos_token_id": model.bos_token_id,
        "tracr_d_model": compiled.config["d_model"],
        "settings": _plain(dataclasses.asdict(settings)),
        "recipe": settings.recipe,
        **({"steps_per_epoch": _upstream_epoch(compiled, settings)} if settings.recipe == "upstream" else {}),
        "trainer_version": TRAINER_VERSION,
        "compiled_fingerprint": fingerprint,
        "weights_sha256": state_dict_sha256(weights),
        "versions": {name: metadata.version(name) for name in ("torch", "transformer-lens", "tracr-pypi")},
        "torch_threads": torch.get_num_threads(),
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    }
    return weights, manifest


def _upstream_epoch(compiled, settings) -> int:
    from interpbench_harness.siit.recipes import upstream_steps_per_epoch

    return upstream_steps_per_epoch(compiled.spec, settings.batch_size)


_CONFIG_KEYS = ("n_layers", "n_heads", "d_model", "d_head", "d_mlp", "d_vocab", "d_vocab_out", "n_ctx",
                "act_fn", "attention_dir")


def _metrics_summary(metrics: Dict[str, object]) -> Dict[str, object]:
    keys = ("accuracy", "iia", "strict_accuracy", "iia_per_node", "strict_accuracy_per_node",
            "resample_effect", "mean_non_circuit_effect", "step")
    return {k: _round(metrics[k]) for k in keys if k in metrics}


def _round(value):
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return round(value, 6) if isinstance(value, float) else value


def _plain(value):
    """JSON-ready copy (tuples to lists, dtypes and other objects to strings)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


# ---------------------------------------------------------------------------------------------
# Resolution


def resolve_model(
    spec: CaseSpec, source: str = "siit", train_missing: bool = False, progress: bool = False
) -> StoredModel:
    """The case's model for `source`, from the first place in the module docstring's order."""
    from interpbench_harness.hooked_model import build_model

    if source not in SOURCES:
        raise ValueError(f"unknown model source {source!r}; available: {', '.join(SOURCES)}")
    compiled = load_compiled_case(spec)
    if source == "tracr":
        if not getattr(compiled, "has_compiled_model", True):
            raise ModelNotAvailable(
                f"case {spec.case_id} has no compiled tracr model (its high-level model is hand-written); "
                "use --model-source siit or natural"
            )
        model = compiled.model()
        return StoredModel(spec.case_id, source, model, "compiled", None, None, model_sha256(model))
    tried: List[str] = []
    if source == "interpbench":
        found = _from_released_sources(spec, compiled, tried)
        if found is None:
            raise ModelNotAvailable(
                f"no released InterpBench model for case {spec.case_id}; tried: " + "; ".join(tried or [
                    f"nothing: set ${RELEASED_DIR_ENV} to a folder in the released layout, or "
                    f"${HF_CACHE_ENV}=1 to read the local huggingface_hub cache of {HF_REPO}"])
            )
        return found
    for origin, root in (("shipped", SHIPPED_ROOT), ("user-store", user_store_root())):
        entry = entry_dir(root, source, spec.case_id)
        try:
            status, manifest, weights = read_entry(entry, compiled)
        except CorruptModelError as error:
            if origin == "shipped":
                raise CorruptModelError(f"{error}. {SHIPPED_REMEDY}") from None
            if not train_missing:
                raise CorruptModelError(f"{error}. Delete {entry} or pass --train-missing to retrain it.") from None
            shutil.rmtree(entry, ignore_errors=True)
            status, manifest, weights = "corrupt (removed)", None, None
        if status == "ok":
            model = build_model({**manifest["config"], "pad_token_id": manifest["pad_token_id"],
                                 "bos_token_id": manifest["bos_token_id"]}, weights)
            return StoredModel(spec.case_id, source, model, origin, entry, manifest, manifest["weights_sha256"])
        tried.append(f"{origin} ({entry}): {status}")
    if not train_missing:
        raise ModelNotAvailable(
            f"no accepted {source} model for case {spec.case_id}; tried: " + "; ".join(tried)
            + f". Train one with `interpbench train --cases {spec.case_id} --source {source}`, let the harness "
            "train it with --train-missing, or use --model-source tracr (the exact compiled model)."
        )
    manifest = train_into_store(spec, source, user_store_root(), progress=progress, retry=True)
    if not manifest.get("accepted"):
        held_out = manifest["held_out"]
        raise ModelNotAvailable(
            f"training a {source} model for case {spec.case_id} did not reach the criteria in "
            f"{manifest['steps']} steps (accuracy {held_out['accuracy']:.4f}, IIA {held_out['iia']:.4f}, strict "
            f"accuracy {held_out['strict_accuracy']:.4f}); use --model-source tracr for this case"
        )
    found = resolve_model(spec, source, train_missing=False)
    return dataclasses.replace(found, origin="trained-now")


def _from_released_sources(spec: CaseSpec, compiled, tried: List[str]) -> Optional[StoredModel]:
    from interpbench_harness import released_layout

    folder = os.environ.get(RELEASED_DIR_ENV)
    if folder:
        case_dir = Path(folder) / spec.case_id
        if case_dir.is_dir():
            released_layout.verify_checksums(Path(folder), spec.case_id)
            return _released_model(spec, compiled, case_dir, "released-folder")
        tried.append(f"released folder {folder}: no {spec.case_id}/")
    hub = os.environ.get(HF_CACHE_ENV) == "1"
    if hub:
        case_dir = released_layout.hf_cache_case_dir(HF_REPO, spec.case_id)
        if case_dir is not None:
            return _released_model(spec, compiled, case_dir, "hf-cache")
        tried.append(f"huggingface_hub cache of {HF_REPO}: no {spec.case_id}/")
    if spec.case_id == "ioi":
        mib_dir = os.environ.get(MIB_DIR_ENV)
        if mib_dir:
            return _released_model(spec, compiled, Path(mib_dir), "mib-folder", mib=True)
        if hub:
            snapshot = released_layout.hf_cache_mib_dir()
            if snapshot is not None:
                return _released_model(spec, compiled, snapshot, "mib-hf-cache", mib=True)
            tried.append(f"huggingface_hub cache of {released_layout.MIB_REPO}: not there")
    return None


def _released_model(spec: CaseSpec, compiled, case_dir: Path, origin: str, mib: bool = False) -> StoredModel:
    from interpbench_harness import released_layout

    if not getattr(compiled, "has_compiled_model", True):  # IOI: GPT-2 ids or ours, as the weights say
        config = released_layout.load_config(case_dir / released_layout.MIB_CONFIG if mib else
                                             released_layout.case_file(case_dir, "ll_model_cfg.pkl"))
        compiled = compiled.reading(int(config["d_vocab"]))
    released = released_layout.load_mib_ioi(case_dir, compiled) if mib else released_layout.load_case(case_dir, compiled)
    ours, theirs = compiled.ground_truth_qkv.embedded(released.model.cfg.n_layers), released.ground_truth_qkv
    if any(e.port is None and e.receiver.kind is NodeKind.HEAD for e in ours.edges):
        ours, theirs = ours.promoted(), theirs.promoted()  # a head-level ground truth (IOI)
    note = released_layout.ground_truth_differences(theirs, ours)
    if mib:
        note = "MIB's copy has no edges.pkl: scored against this harness's IOI ground truth"
    return StoredModel(spec.case_id, "interpbench", released.model, origin, case_dir, released.meta,
                       model_sha256(released.model), case=compiled,
                       ground_truth=released.ground_truth_qkv.promoted(), ground_truth_note=note)


def store_summary(source: str = "siit") -> List[Dict[str, object]]:
    """The manifests of every shipped model of `source` (accepted or not), by case id.

    A manifest that cannot be read does not stop the others: its row is {"case_id", "accepted":
    False, "damaged": message}, the message naming the file and the remedy.
    """
    from interpbench_harness.cases.registry import id_order

    rows = []
    for manifest_path in (SHIPPED_ROOT / source).glob(f"case-*/{MANIFEST_FILE}"):
        if ".tmp-" in manifest_path.parent.name:  # an entry being written (see write_entry)
            continue
        case_id = manifest_path.parent.name[len("case-"):]
        try:
            manifest = json.loads(manifest_path.read_text())
            if not isinstance(manifest, dict) or manifest.get("case_id") != case_id:
                raise ValueError(f"it does not describe case {case_id}")
        except (OSError, ValueError) as error:
            manifest = {"case_id": case_id, "accepted": False,
                        "damaged": f"{_unreadable(manifest_path, error)}. {SHIPPED_REMEDY}"}
        rows.append(manifest)
    return sorted(rows, key=lambda m: id_order(m["case_id"]))


def shipped_case_ids(source: str = "siit") -> List[str]:
    """Cases with an accepted shipped model (what the harness runs by default).

    A case whose shipped manifest is damaged is included, so that the run fails that case with
    the message saying which file and what to do, rather than leaving it out unnoticed.
    """
    return [m["case_id"] for m in store_summary(source) if m.get("accepted") or m.get("damaged")]


SHIPPED_REMEDY = "Reinstall interpbench-harness to restore it."


def _unreadable(manifest_path: Path, error: Exception) -> str:
    return f"{manifest_path} is unreadable ({type(error).__name__}: {error}): the file is damaged, so it was not used"
