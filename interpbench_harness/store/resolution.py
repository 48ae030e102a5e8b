"""Resolution: which model a case runs with for a given source, first hit wins.

A case's `siit` model (ours) is resolved in this order:

1. the models shipped inside this package (`store.shipped`);
2. the user's store of locally trained models (`store.entries.user_store_root`);
3. training it now, when the caller allows it (`store.training`); otherwise `ModelNotAvailable`
   says how.

With $INTERPBENCH_MODEL_STORE set to a store folder (as `interpbench train --out DIR` writes
it), `siit` and `natural` models come from that store alone: no shipped model, user store or
training stands in for a case it lacks, so an experiment (e.g. a training-recipe comparison) never
mixes in other models unseen.

`natural` models (same shape, behaviour loss only) resolve the same way; `tracr` is the compiled
model itself. `interpbench` is upstream's released SIIT model, from a folder in InterpBench's
released layout named by $INTERPBENCH_RELEASED_DIR (`store.released`), else from the local
huggingface_hub cache of `cybershiptrooper/InterpBench` when $INTERPBENCH_HF_CACHE=1
(`store.hub`; nothing is ever downloaded); its ground truth is the folder's `edges.pkl`,
cross-checked against ours. For the `ioi` case, MIB's copy of the model (`store.mib`) is read
from $INTERPBENCH_MIB_DIR or that repo's hub cache when the others lack it.

This is the top of the store's imports: it uses every other store module, none uses it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path
from typing import Dict, List, Optional

from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.compiled_cases import load_compiled_case
from interpbench_harness.graph import NodeKind
from interpbench_harness.store import entries, hub, mib, released, shipped
from interpbench_harness.store.entries import entry_dir, read_entry
from interpbench_harness.store.integrity import CorruptModelError, model_sha256, verify_checksums
from interpbench_harness.store.training import train_into_store
from interpbench_harness.store.untrusted import load_config

SOURCES = ("siit", "tracr", "natural", "interpbench")
RELEASED_DIR_ENV = "INTERPBENCH_RELEASED_DIR"
MODEL_STORE_ENV = "INTERPBENCH_MODEL_STORE"  # one store folder, used alone (see the docstring)
MIB_DIR_ENV = "INTERPBENCH_MIB_DIR"  # a folder in MIB's layout of the InterpBench IOI model
HF_CACHE_ENV = "INTERPBENCH_HF_CACHE"


class ModelNotAvailable(LookupError):
    """No usable model for the case and source; the message says what was tried and what to do."""


@dataclasses.dataclass
class StoredModel:
    case_id: str
    source: str
    model: object  # a HookedTransformer
    origin: str  # released-folder, hf-cache, mib-folder, mib-hf-cache, shipped, user-store, trained-now, compiled
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
                    f"${HF_CACHE_ENV}=1 to read the local huggingface_hub cache of {hub.HF_REPO}"])
            )
        return found
    experiment_store = os.environ.get(MODEL_STORE_ENV)
    places = [("shipped", shipped.SHIPPED_ROOT), ("user-store", entries.user_store_root())]
    if experiment_store:
        places = [(f"store {experiment_store}", Path(experiment_store))]
    for origin, root in places:
        entry = entry_dir(root, source, spec.case_id)
        try:
            status, manifest, weights = read_entry(entry, compiled)
        except CorruptModelError as error:
            if origin == "shipped":
                raise CorruptModelError(f"{error}. {shipped.SHIPPED_REMEDY}") from None
            if experiment_store:
                raise CorruptModelError(f"{error}. Delete {entry} and train it again into that store.") from None
            if not train_missing:
                raise CorruptModelError(f"{error}. Delete {entry} or pass --train-missing to retrain it.") from None
            shutil.rmtree(entry, ignore_errors=True)
            status, manifest, weights = "corrupt (removed)", None, None
        if status == "ok":
            model = build_model({**manifest["config"], "pad_token_id": manifest["pad_token_id"],
                                 "bos_token_id": manifest["bos_token_id"]}, weights)
            return StoredModel(spec.case_id, source, model, origin, entry, manifest, manifest["weights_sha256"])
        tried.append(f"{origin} ({entry}): {status}")
    if experiment_store:
        raise ModelNotAvailable(
            f"no accepted {source} model for case {spec.case_id} in ${MODEL_STORE_ENV}: " + "; ".join(tried)
            + f". Train one with `interpbench train --cases {spec.case_id} --source {source} --out {experiment_store}`"
            f" or unset ${MODEL_STORE_ENV}."
        )
    if not train_missing:
        raise ModelNotAvailable(
            f"no accepted {source} model for case {spec.case_id}; tried: " + "; ".join(tried)
            + f". Train one with `interpbench train --cases {spec.case_id} --source {source}`, let the harness "
            "train it with --train-missing, or use --model-source tracr (the exact compiled model)."
        )
    manifest = train_into_store(spec, source, entries.user_store_root(), progress=progress, retry=True)
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
    folder = os.environ.get(RELEASED_DIR_ENV)
    if folder:
        case_dir = Path(folder) / spec.case_id
        if case_dir.is_dir():
            verify_checksums(Path(folder), f"{spec.case_id}/")
            return _released_model(spec, compiled, case_dir, "released-folder")
        tried.append(f"released folder {folder}: no {spec.case_id}/")
    use_hub = os.environ.get(HF_CACHE_ENV) == "1"
    if use_hub:
        case_dir = hub.hf_cache_case_dir(hub.HF_REPO, spec.case_id)
        if case_dir is not None:
            return _released_model(spec, compiled, case_dir, "hf-cache")
        tried.append(f"huggingface_hub cache of {hub.HF_REPO}: no {spec.case_id}/")
    if spec.case_id == "ioi":
        mib_dir = os.environ.get(MIB_DIR_ENV)
        if mib_dir:
            return _released_model(spec, compiled, Path(mib_dir), "mib-folder", from_mib=True)
        if use_hub:
            snapshot = hub.hf_cache_mib_dir()
            if snapshot is not None:
                return _released_model(spec, compiled, snapshot, "mib-hf-cache", from_mib=True)
            tried.append(f"huggingface_hub cache of {mib.MIB_REPO}: not there")
    return None


def _released_model(spec: CaseSpec, compiled, case_dir: Path, origin: str, from_mib: bool = False) -> StoredModel:
    if not getattr(compiled, "has_compiled_model", True):  # IOI: GPT-2 ids or ours, as the weights say
        config = load_config(case_dir / mib.MIB_CONFIG if from_mib else released.case_file(case_dir, "ll_model_cfg.pkl"))
        compiled = compiled.reading(int(config["d_vocab"]))
    found = mib.load_mib_ioi(case_dir, compiled) if from_mib else released.load_case(case_dir, compiled)
    ours, theirs = compiled.ground_truth_qkv.embedded(found.model.cfg.n_layers), found.ground_truth_qkv
    if any(e.port is None and e.receiver.kind is NodeKind.HEAD for e in ours.edges):
        ours, theirs = ours.promoted(), theirs.promoted()  # a head-level ground truth (IOI)
    note = released.ground_truth_differences(theirs, ours)
    if from_mib:
        note = "MIB's copy has no edges.pkl: scored against this harness's IOI ground truth"
    return StoredModel(spec.case_id, "interpbench", found.model, origin, case_dir, found.meta,
                       model_sha256(found.model), case=compiled,
                       ground_truth=found.ground_truth_qkv.promoted(), ground_truth_note=note)
