"""The models shipped inside the package, and selecting cases by them (`shipped`).

`trained_models/` is a store like the user's (see `store.entries`); the cases with an accepted
shipped SIIT model are what the harness runs by default, and `shipped` stands for them wherever
cases are selected (the pytest plugin's --cases, `interpbench cases|train|export --cases`):
`select_cases` is the one place that expands it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Iterable, List, Optional

from interpbench_harness import atomic
from interpbench_harness.cases import registry
from interpbench_harness.cases.registry import CaseSelectionError
from interpbench_harness.cases.spec import CaseSpec
from interpbench_harness.store.entries import MANIFEST_FILE, unreadable

SHIPPED_ROOT = Path(__file__).parent.parent / "trained_models"
SHIPPED_REMEDY = "Reinstall interpbench-harness to restore it."
SHIPPED = "shipped"  # the selector


class NoShippedModels(CaseSelectionError):
    """`shipped` was selected but the package ships no accepted SIIT model; reported like an
    unknown case id or tag (`error.args[0]` is the message)."""


def store_summary(source: str = "siit", root: Optional[Path] = None) -> List[Dict[str, object]]:
    """The manifests of every model of `source` (accepted or not) in the shipped store, or in the
    store folder `root`, by case id.

    A manifest that cannot be read does not stop the others: its row is {"case_id", "accepted":
    False, "damaged": message}, the message naming the file and the remedy.
    """
    rows = []
    for manifest_path in (Path(root or SHIPPED_ROOT) / source).glob(f"case-*/{MANIFEST_FILE}"):
        if atomic.TMP_MARK in manifest_path.parent.name:  # an entry being written or replaced
            continue
        case_id = manifest_path.parent.name[len("case-"):]
        try:
            manifest = json.loads(manifest_path.read_text())
            if not isinstance(manifest, dict) or manifest.get("case_id") != case_id:
                raise ValueError(f"it does not describe case {case_id}")
        except (OSError, ValueError) as error:
            manifest = {"case_id": case_id, "accepted": False,
                        "damaged": f"{unreadable(manifest_path, error)}. {SHIPPED_REMEDY}"}
        rows.append(manifest)
    return sorted(rows, key=lambda m: registry.id_order(m["case_id"]))


def shipped_case_ids(source: str = "siit") -> List[str]:
    """Cases with an accepted shipped model (what the harness runs by default).

    A case whose shipped manifest is damaged is included, so that the run fails that case with
    the message saying which file and what to do, rather than leaving it out unnoticed.
    """
    return [m["case_id"] for m in store_summary(source) if m.get("accepted") or m.get("damaged")]


def select_cases(selectors: Iterable[str]) -> List[CaseSpec]:
    """Cases matching any of the selectors, ordered by id: `shipped` is every case with an
    accepted shipped SIIT model, anything else a case id or tag (`registry.select`).

    Raises KeyError for an unknown id or tag, and NoShippedModels (a KeyError) when `shipped`
    is asked for and the package ships no SIIT model.
    """
    expanded: List[str] = []
    for selector in selectors:
        if selector.strip() != SHIPPED:
            expanded.append(selector)
            continue
        shipped = shipped_case_ids("siit")
        if not shipped:
            raise NoShippedModels(
                f"'shipped' selects no case: no accepted SIIT models are shipped in {SHIPPED_ROOT}. Select cases "
                "by id or tag instead (e.g. all, ci; with pytest add --model-source=tracr to run the compiled "
                "models), or train models with `interpbench train`"
            )
        expanded += shipped
    return registry.select(expanded)
