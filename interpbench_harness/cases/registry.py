"""The one place that lists every case, and selects cases by id or tag.

Ids match upstream InterpBench's so results can be compared case by case. Tags:
`released` / `unreleased` / `unconfirmed` (whether upstream shipped a trained model),
`paper16` (the cases of the paper's main table), `regression`, `categorical`, `trivial`,
`ci` (a small fast subset), `causal` / `bidirectional`, `supported` / `unsupported`, `ioi`, `all`.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from typing import Dict, Iterable, List, Tuple

from interpbench_harness.cases.spec import CaseSpec, Released

_CASE_MODULES = (
    "interpbench_harness.cases.tracr_cases_01_39",
    "interpbench_harness.cases.tracr_cases_40_70",
    "interpbench_harness.cases.tracr_cases_71_100",
    "interpbench_harness.cases.tracr_cases_101_131",
    "interpbench_harness.cases.ioi",
)

PAPER16 = ("3", "4", "8", "11", "13", "18", "19", "20", "21", "26", "29", "33", "34", "35", "36", "37")
CI_SUBSET = ("3", "8", "14", "46")

_RELEASED_TAG = {Released.YES: "released", Released.NO: "unreleased", Released.UNCONFIRMED: "unconfirmed"}


def id_order(case_id: str) -> Tuple[int, str]:
    """Sort key: numeric ids in numeric order, named ones (ioi) after them."""
    return (int(case_id), "") if case_id.isdigit() else (10**9, case_id)


@lru_cache(maxsize=1)
def all_cases() -> Dict[str, CaseSpec]:
    """Every case, ordered by id; importing the case modules compiles nothing."""
    cases: Dict[str, CaseSpec] = {}
    for module_name in _CASE_MODULES:
        for spec in importlib.import_module(module_name).CASES:
            if spec.case_id in cases:
                raise RuntimeError(f"case id {spec.case_id} is defined twice (in {module_name})")
            cases[spec.case_id] = spec
    return dict(sorted(cases.items(), key=lambda item: id_order(item[0])))


def tags_of(spec: CaseSpec) -> frozenset:
    tags = {
        "all",
        _RELEASED_TAG[Released(spec.released)],
        "regression" if spec.is_regression else "categorical",
        spec.attention,
        "supported" if spec.supported else "unsupported",
    }
    if spec.trivial:
        tags.add("trivial")
    if spec.case_id in PAPER16:
        tags.add("paper16")
    if spec.case_id in CI_SUBSET:
        tags.add("ci")
    return frozenset(tags | spec.extra_tags)


def all_tags() -> List[str]:
    return sorted(set().union(*(tags_of(spec) for spec in all_cases().values())))


def get_case(case_id: str) -> CaseSpec:
    cases = all_cases()
    if case_id not in cases:
        raise KeyError(f"unknown case {case_id!r}; valid ids: {', '.join(cases)}")
    return cases[case_id]


def select(selectors: Iterable[str]) -> List[CaseSpec]:
    """Cases matching any of the ids or tags given (e.g. ["paper16", "46"]), ordered by id."""
    cases = all_cases()
    chosen = set()
    unknown = []
    for selector in selectors:
        selector = selector.strip()
        if selector in cases:
            chosen.add(selector)
            continue
        matching = {cid for cid, spec in cases.items() if selector in tags_of(spec)}
        if not matching:
            unknown.append(selector)
        chosen |= matching
    if unknown:
        raise KeyError(
            f"unknown case id or tag {', '.join(map(repr, unknown))}; "
            f"tags: {', '.join(all_tags())}; ids: {', '.join(cases)}"
        )
    return [spec for cid, spec in cases.items() if cid in chosen]
