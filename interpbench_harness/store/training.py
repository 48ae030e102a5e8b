"""Training a case's model into a store: resumable, locked, keeping the better attempt.

`interpbench train` and resolution's train-on-demand (`--train-missing`) both come here. What to
train with and which attempt wins is `store.policy`; the trainer itself is `siit`.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Dict, Optional, Tuple

import numpy as np
from filelock import FileLock

from interpbench_harness.cases.registry import id_order
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.store import entries
from interpbench_harness.store.entries import CHECKPOINT_SUFFIX, MODEL_FILE, entry_dir, json_ready, read_entry, write_entry
from interpbench_harness.store.integrity import CorruptModelError, compiled_fingerprint, state_dict_sha256
from interpbench_harness.store.policy import attempt_summary, default_settings, recipe_of, settings_key, weakest_criterion


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
    root = Path(root) if root is not None else entries.user_store_root()
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


def _train(compiled, source: str, settings, progress: bool, checkpoint: Path) -> Tuple[Dict[str, np.ndarray], Dict[str, object]]:
    """(weights, manifest without its file hash) of a freshly trained model.

    Training saves its state to `checkpoint` as it goes and resumes from it when the same case,
    source, settings and trainer version meet it again, so a stopped run loses little.
    """
    import torch

    from interpbench_harness.siit import TRAINER_VERSION, evaluate, train_siit

    fingerprint = compiled_fingerprint(compiled)
    key = hashlib.sha256(json.dumps([fingerprint, source, TRAINER_VERSION,
                                     settings_key(settings)], sort_keys=True).encode()).hexdigest()
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
        "config": {k: v for k, v in json_ready(dict(model.cfg.to_dict())).items() if k in _CONFIG_KEYS},
        "pad_token_id": model.pad_token_id,
        "bos_token_id": model.bos_token_id,
        "tracr_d_model": compiled.config["d_model"],
        "settings": json_ready(dataclasses.asdict(settings)),
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


def unfinished_training(root: Path, source: str) -> Dict[str, Dict[str, object]]:
    """Case id -> the last held-out evaluation of each training run that left a checkpoint in the store.

    A run stopped before it finished (killed, or parked between sessions) is an attempt in
    progress, not a missing one: `interpbench models` lists it with how far it got. An unreadable
    checkpoint is listed with an empty evaluation, as `train` would restart it afresh.
    """
    import torch

    progress = {}
    paths = {path.name[len("case-"):-len(CHECKPOINT_SUFFIX)]: path
             for path in Path(root, source).glob(f"case-*{CHECKPOINT_SUFFIX}")}
    for case_id in sorted(paths, key=id_order):
        path = paths[case_id]
        try:
            evaluations = torch.load(path, weights_only=True)["history"]["evaluations"]
        except Exception:  # unreadable or another layout: training would start afresh
            evaluations = []
        progress[case_id] = dict(evaluations[-1]) if evaluations else {}
    return progress
