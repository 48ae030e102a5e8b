"""Training recipes: ours (the default) and upstream's, as upstream's code runs it.

`TrainingSettings.recipe` names one. "ours" is what `trainer.py`'s module docstring describes.
"upstream" follows InterpBench's training command (`circuits_benchmark/commands/train/iit/
iit_train.py`, run with its default flags) and the `iit` library it trains with (commit ed44cbf,
the one upstream's poetry.lock pins; `StrictIITModelPair` and the classes it extends). Where the
two differ, `UPSTREAM` below holds upstream's value and says where it comes from. Acceptance is
never part of a recipe: a model is accepted by our criteria whichever recipe trained it.

The model's widths are a setting of their own (`TrainingSettings.shape`): "tracr" keeps the
compiled model's (our default), "upstream" compresses them as upstream's code does
(`upstream_widths`). The upstream recipe trains the upstream shape unless told otherwise.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Tuple

RECIPES = ("ours", "upstream")
SHAPES = ("tracr", "upstream")  # the trained model's widths: tracr's, or compressed as upstream's code does

# Upstream's low-level model widths (`circuits_benchmark/utils/iit/ll_cfg.py`, `make_ll_cfg_for_case`):
# a case in UPSTREAM_RESIDUAL_COMPRESSED has its residual stream divided by the case's ratio
# (d_head then d_model // n_heads); any other case has each head's width divided by it (d_model
# then n_heads x d_head). d_mlp is 4 x d_model either way. Ratios not listed are 2.
UPSTREAM_COMPRESSION = {"5": 1.8, "6": 1.2, "7": 1.5, "9": 2.0, "18": 1.6, "21": 1.3, "23": 1.5, "24": 1.2,
                        "25": 1.5, "34": 1.5, "35": 3.0, "36": 2.5, "37": 2.2}
UPSTREAM_DEFAULT_COMPRESSION = 2.0
UPSTREAM_RESIDUAL_COMPRESSED = frozenset({"5", "7", "9", "18", "21", "22", "23", "25", "26", "28", "29", "34", "35",
                                          "36", "37"})


@dataclasses.dataclass(frozen=True)
class UpstreamRecipe:
    # Loss weights: iit_train.py's argument parser defaults (--behavior_weight, --iit_weight, --strict_weight).
    behaviour_weight: float = 1.0
    iit_weight: float = 1.0
    strict_weight: float = 0.4
    # iit's StrictIITModelPair multiplies the strict loss by strict_weight inside
    # get_SIIT_loss_over_batch and again in run_train_step: the weight counts this many times.
    strict_weight_applications: int = 2
    # --use-single-loss is off by default, so run_train_step takes one optimiser step (each
    # with its own gradient clip) per loss, in this order, on the same batch of pairs.
    single_loss: bool = False
    loss_order: Tuple[str, ...] = ("iit", "strict", "behaviour")
    # Optimiser: --lr 1e-3 and --clip-grad-norm 0.1 in iit_train.py; Adam with betas (0.9, 0.9)
    # from IITModelPair's default training args (iit_train.py does not override them).
    lr: float = 1e-3
    betas: Tuple[float, float] = (0.9, 0.9)
    grad_clip: float = 0.1
    # --lr-scheduler defaults to "": BaseModelPair.train then sets up no scheduler (constant LR).
    lr_decay: bool = False
    # --batch-size 256; IITDataset.make_loader shuffles each epoch and keeps the last short batch.
    batch_size: int = 256
    # --epochs 2000: BaseModelPair.train runs at most this many passes over the training split.
    epochs: int = 2000
    # Training data (train_model): get_clean_data(min_samples=20000, max_samples=120000), i.e.
    # every distinct input when there are between these many, else 120000 samples; then
    # train_test_split(test_size=0.2). Used here for the length of an epoch only (see below).
    min_samples: int = 20_000
    max_samples: int = 120_000
    test_fraction: float = 0.2
    # Stopping: after every epoch BaseModelPair.train evaluates the whole test split and stops
    # when each accuracy metric of a loss with non-zero weight (val/accuracy, val/IIA,
    # val/strict_accuracy) is >= --early-stop-accuracy-threshold 99.5 (percent);
    # IITBehaviorModelPair instead asks for accuracy == 100 when the IIT weight is 0.
    early_stop_threshold: float = 0.995
    # --backprop-on-cache is off: detach_while_caching=True, so LLModel caches the source
    # run's activations detached and patched values carry no gradient into the source rows.
    detach_source: bool = True
    # StrictIITModelPair.sample_ll_nodes ("individual" sampling, the default) patches one
    # non-circuit node per batch; sample_hl_name likewise draws one aligned node per batch.
    one_node_per_batch: bool = True
    # IITBehaviorModelPair.get_behaviour_loss_over_batch scores the base inputs.
    behaviour_on_base: bool = True

    @property
    def effective_strict_weight(self) -> float:
        return self.strict_weight ** self.strict_weight_applications


UPSTREAM = UpstreamRecipe()


def upstream_widths(case_id: str, tracr_config, n_heads: int) -> dict:
    """d_model, d_head and d_mlp of upstream's low-level model for a compiled case (see UPSTREAM_COMPRESSION).

    Upstream floors d_model // ratio and d_head // ratio on floats: int(13 // 1.5) is 8.
    """
    ratio = UPSTREAM_COMPRESSION.get(case_id, UPSTREAM_DEFAULT_COMPRESSION)
    if case_id in UPSTREAM_RESIDUAL_COMPRESSED:
        d_model = max(2, int(int(tracr_config["d_model"]) // ratio))
        d_head = max(1, d_model // n_heads)
    else:
        d_head = max(1, int(int(tracr_config["d_head"]) // ratio))
        d_model = n_heads * d_head
    return {"d_model": d_model, "d_head": d_head, "d_mlp": 4 * d_model}


def effective_strict_weight(settings) -> float:
    """What the strict loss is multiplied by under `settings`: upstream squares the configured weight."""
    strict = settings.weights.strict
    return strict ** UPSTREAM.strict_weight_applications if settings.recipe == "upstream" else strict


def upstream_dataset_size(spec, recipe: UpstreamRecipe = UPSTREAM) -> int:
    """How many inputs upstream's training command draws for a case (train and test together).

    Upstream enumerates when the count of distinct inputs over every length lies strictly between
    min_samples and max_samples, and then (its data is at the maximum length) enumerates only the
    maximum length; otherwise it samples max_samples inputs.
    """
    from interpbench_harness.sampling import count_distinct

    if recipe.min_samples < count_distinct(spec) < recipe.max_samples:
        return len(spec.vocab) ** (spec.max_seq_len - 1)
    return recipe.max_samples


def upstream_steps_per_epoch(spec, batch_size: int, recipe: UpstreamRecipe = UPSTREAM) -> int:
    """Optimiser passes over the batches of one upstream epoch: its training split in batches of `batch_size`."""
    total = upstream_dataset_size(spec, recipe)
    n_train = total - int(total * recipe.test_fraction)
    return max(1, math.ceil(n_train / batch_size))


def upstream_max_steps(recipe: UpstreamRecipe = UPSTREAM) -> int:
    """The step cap of upstream's longest schedule: `epochs` epochs of the largest data set."""
    n_train = recipe.max_samples - int(recipe.max_samples * recipe.test_fraction)
    return recipe.epochs * math.ceil(n_train / recipe.batch_size)
