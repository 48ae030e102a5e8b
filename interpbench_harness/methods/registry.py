"""Where methods come from: built-ins, every module in `method_plugins/`, installed packages.

A module registers a method with the `@register("name")` decorator. An installed package
instead declares an entry point in the group `interpbench_harness.methods` whose name is the
method name and whose object is the method. A plugin file that fails to import does not stop
the others; its error is kept and shown when a requested method is missing.
"""

from __future__ import annotations

import importlib
import importlib.util
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional

from interpbench_harness.methods.contract import Method

ENTRY_POINT_GROUP = "interpbench_harness.methods"
_BUILTIN_MODULES = (
    "interpbench_harness.methods.baselines",
    "interpbench_harness.methods.attribution",
    "interpbench_harness.methods.activation_patching",
    "interpbench_harness.methods.acdc",
    "interpbench_harness.methods.subnetwork_probing",
)

_methods: Dict[str, Method] = {}
_load_errors: List[str] = []
_loaded_sources: set = set()  # plugin files and the entry-point scan already loaded, once each


def register(name: str):
    """Decorator: make `method` available as `--method=name`."""

    def decorate(method: Method) -> Method:
        if name in _methods and _methods[name] is not method:
            raise ValueError(f"two methods are registered as {name!r}; rename one")
        _methods[name] = method
        return method

    return decorate


def load_methods(plugin_dir: Optional[Path] = None) -> Dict[str, Method]:
    """Every available method by name (loading built-ins, plugin files and entry points)."""
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)
    if plugin_dir is not None and plugin_dir.is_dir():
        for path in sorted(plugin_dir.glob("*.py")):
            if path.name.startswith("_") or path.resolve() in _loaded_sources:
                continue
            _loaded_sources.add(path.resolve())
            _import_plugin_file(path)
    if ENTRY_POINT_GROUP not in _loaded_sources:
        _loaded_sources.add(ENTRY_POINT_GROUP)
        for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
            try:
                register(entry.name)(entry.load())
            except Exception as error:  # a broken package must not hide the other methods
                _load_errors.append(f"entry point {entry.name!r} ({entry.value}): {error!r}")
    return dict(_methods)


def load_errors() -> List[str]:
    return list(_load_errors)


def _import_plugin_file(path: Path) -> None:
    module_name = f"interpbench_method_plugins.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:  # a broken plugin must not hide the other methods
        _load_errors.append(f"{path}: {error!r}")
