"""The one place that lists every case, and selects cases by id or tag.

Ids match upstream InterpBench's so results can be compared case by case; the TracrBench
programs InterpBench did not take have ids `tb-<name>` (from TracrBench's `make_<name>`). Tags:
`released` / `unreleased` / `unconfirmed` (whether upstream shipped a trained model),
`paper16` (the cases of the paper's main table), `regression`, `categorical`, `trivial`,
`ci` (a small fast subset), `causal` / `bidirectional`, `supported` / `unsupported`, `ioi-cases`,
`upstream-quirk` (the case reproduces a behaviour of upstream's code that its description does not
mention), `tracrbench` (the cases that stand for TracrBench's programs: InterpBench's cases that
are TracrBench programs and the `tb-*` cases), `tracrbench-only` (the `tb-*` cases), `all`.

The tracr cases live one per file, each defining `CASE`: InterpBench's in
`cases/interpbench/case_<id>.py`, the TracrBench-only ones in `cases/tracrbench/case_tb_<name>.py`;
a case's file holds its program, its reference and its settings side by side.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Dict, Iterable, List, Tuple

from interpbench_harness.cases import tracrbench
from interpbench_harness.cases.spec import CaseSpec, Released

_PER_CASE_PACKAGES = ("interpbench_harness.cases.interpbench", "interpbench_harness.cases.tracrbench")
_CASE_MODULES = ("interpbench_harness.cases.ioi",)

PAPER16 = ("3", "4", "8", "11", "13", "18", "19", "20", "21", "26", "29", "33", "34", "35", "36", "37")
CI_SUBSET = ("3", "8", "14", "46")

_RELEASED_TAG = {Released.YES: "released", Released.NO: "unreleased", Released.UNCONFIRMED: "unconfirmed"}


class CaseSelectionError(KeyError):
    """A case id or tag that selects nothing: the user's input, reported without a traceback.
    (A KeyError so that `case_id in ...`-style callers keep working; the message is args[0].)"""


def id_order(case_id: str) -> Tuple[int, int, str]:
    """Sort key: numeric ids in numeric order, then the `tb-*` ids, then other named ones (ioi)."""
    if case_id.isdigit():
        return (0, int(case_id), "")
    return (1 if case_id.startswith("tb-") else 2, 0, case_id)


@lru_cache(maxsize=1)
def all_cases() -> Dict[str, CaseSpec]:
    """Every case, ordered by id; importing the case modules compiles nothing."""
    cases: Dict[str, CaseSpec] = {}
    for package_name in _PER_CASE_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            spec = importlib.import_module(f"{package_name}.{module.name}").CASE
            expected = "case_" + spec.case_id.replace("-", "_")
            if module.name != expected:
                raise RuntimeError(f"{module.name}.py defines case {spec.case_id}; name it {expected}.py")
            if spec.case_id in cases:
                raise RuntimeError(f"case id {spec.case_id} is defined twice (in {package_name})")
            cases[spec.case_id] = spec
    for module_name in _CASE_MODULES:
        for spec in importlib.import_module(module_name).CASES:
            if spec.case_id in cases:
                raise RuntimeError(f"case id {spec.case_id} is defined twice (in {module_name})")
            cases[spec.case_id] = spec
    return dict(sorted(cases.items(), key=lambda item: id_order(item[0])))


@lru_cache(maxsize=1)
def tracrbench_programs() -> Dict[str, str]:
    """Each of TracrBench's programs (`make_<name>`) -> the id of the case that stands for it."""
    own = {tracrbench.program_name_of(cid): cid for cid in all_cases() if cid.startswith("tb-")}
    duplicates = {name: case_id for name, (case_id, _) in tracrbench.DUPLICATES.items()}
    return {**tracrbench.IN_INTERPBENCH, **duplicates, **own}


def origin_of(spec: CaseSpec) -> str:
    """Which benchmark the case comes from: "interpbench", "tracrbench" or "interpbench+tracrbench"."""
    if spec.case_id.startswith("tb-"):
        return "tracrbench"
    if spec.case_id in tracrbench_programs().values():
        return "interpbench+tracrbench"
    return "interpbench"


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
    origin = origin_of(spec)
    if "tracrbench" in origin:
        tags.add("tracrbench")
    if origin == "tracrbench":
        tags.add("tracrbench-only")
    return frozenset(tags | spec.extra_tags)


def all_tags() -> List[str]:
    return sorted(set().union(*(tags_of(spec) for spec in all_cases().values())))


def get_case(case_id: str) -> CaseSpec:
    cases = all_cases()
    if case_id not in cases:
        raise CaseSelectionError(f"unknown case {case_id!r}; valid ids: {', '.join(cases)}")
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
        raise CaseSelectionError(
            f"unknown case id or tag {', '.join(map(repr, unknown))}; "
            f"tags: {', '.join(all_tags())}; ids: {', '.join(cases)}"
        )
    return [spec for cid, spec in cases.items() if cid in chosen]
