"""The one place that lists every case, and selects cases by id or tag.

Ids match upstream InterpBench's so results can be compared case by case. Tags:
`released` / `unreleased` / `unconfirmed` (whether upstream shipped a trained model),
`paper16` (the cases of the paper's main table), `regression`, `categorical`, `trivial`,
`ci` (a small fast subset), `causal` / `bidirectional`, `supported` / `unsupported`, `ioi`,
`upstream-quirk` (the case reproduces a behaviour of upstream's code that its description does not
mention), `all`.

The InterpBench tracr cases live one per file in `cases/interpbench/case_<id>.py`, each defining
`CASE`; a case's file holds its program, its reference and its settings side by side.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Dict, Iterable, List, Tuple

from interpbench_harness.cases.spec import CaseSpec, Released

_PER_CASE_PACKAGE = "interpbench_harness.cases.interpbench"
_CASE_MODULES = ("interpbench_harness.cases.ioi",)

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
    package = importlib.import_module(_PER_CASE_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        spec = importlib.import_module(f"{_PER_CASE_PACKAGE}.{module.name}").CASE
        if module.name != f"case_{spec.case_id}":
            raise RuntimeError(f"{module.name}.py defines case {spec.case_id}; name it case_{spec.case_id}.py")
        cases[spec.case_id] = spec
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
    if spec.upstream_quirk:
        tags.add("upstream-quirk")
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
