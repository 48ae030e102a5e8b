"""Training policy: which sources are trained, with what settings, and which attempt is better.

Kept apart from the training itself (`store.training`) so that the CLI and reports can read a
manifest's recipe or compare attempts without importing the trainer.
"""

from __future__ import annotations

import dataclasses
from typing import Dict, Optional

from interpbench_harness.store.entries import json_ready

TRAINED_SOURCES = ("siit", "natural")


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
            shape="upstream",
        )
    return settings.replace(weights=NATURAL_WEIGHTS) if source == "natural" else settings


def recipe_of(manifest: Optional[Dict[str, object]]) -> str:
    """The recipe a stored model was trained with (manifests from before recipes: ours)."""
    return str(((manifest or {}).get("settings") or {}).get("recipe", "ours"))


def settings_key(settings) -> Dict[str, object]:
    """The settings as the checkpoint key digests them; our recipe and tracr's shape are left out, so
    keys (and checkpoints of runs under way) are what they were before recipes and shapes existed."""
    plain = json_ready(dataclasses.asdict(settings))
    for name, default in (("recipe", "ours"), ("shape", "tracr")):
        if plain.get(name) == default:
            del plain[name]
    return plain


def weakest_criterion(manifest: Dict[str, object]) -> float:
    """The lowest held-out figure among the criteria: what kept the model from being accepted."""
    held_out = manifest["held_out"]
    return min(float(held_out[name]) for name in manifest.get("criteria", ("accuracy", "iia", "strict_accuracy")))


def attempt_summary(manifest: Dict[str, object]) -> Dict[str, object]:
    """What an attempt that is not kept leaves in the manifest: its settings and held-out figures."""
    settings = manifest.get("settings", {})
    return {
        "accepted": manifest["accepted"],
        "settings": {**{k: settings.get(k) for k in ("seed", "max_steps", "width", "batch_size")},
                     "shape": settings.get("shape", "tracr")},  # manifests from before shapes: tracr's
        "recipe": recipe_of(manifest),
        "d_model": manifest.get("config", {}).get("d_model"),
        "steps": manifest.get("steps"),
        "training_seconds": manifest.get("training_seconds"),
        "held_out": {k: manifest["held_out"].get(k) for k in ("accuracy", "iia", "strict_accuracy")},
        "trainer_version": manifest.get("trainer_version"),
        "created": manifest.get("created"),
    }
