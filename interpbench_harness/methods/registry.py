"""Where methods come from: built-ins, every module in `method_plugins/`, installed packages.

A module registers a method with the `@register("name")` decorator. An installed package
instead declares an entry point in the group `interpbench_harness.methods` whose name is the
method name and whose object is the method. A plugin file that fails to import (any exception,
SystemExit included) does not stop the others; its error is kept and shown when a requested
method is missing. So is a name already taken by a built-in or another plugin: the error names
both sources, and the plugin's other methods stay available.
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
_sources: Dict[str, str] = {}  # method name -> where it was registered from (see _describe)
_load_errors: List[str] = []
_loaded_sources: set = set()  # plugin files and the entry-point scan already loaded, once each
_loading: Optional[str] = None  # the plugin file or entry point being loaded, while it loads


def register(name: str):
    """Decorator: make `method` available as `--method=name`.

    A name that is already taken (by a built-in, a plugin file or an entry point) is an error
    naming both sources. While a plugin file or entry point loads, the error is kept as that
    plugin's load error and only the clashing method is left out: the file's other methods stay.
    """

    def decorate(method: Method) -> Method:
        source = _loading or _describe(method)
        if name in _methods and _methods[name] is not method:
            clash = (f"two methods are registered as {name!r}: {_sources.get(name) or _describe(_methods[name])} "
                     f"and {source}; rename one")
            if _loading is None:
                raise ValueError(clash)
            _load_errors.append(f"{_loading}: {clash} (the second was not registered)")
            return method
        _methods[name] = method
        _sources[name] = source
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
            source = f"entry point {entry.name!r} ({entry.value})"
            try:
                _loading_as(source, lambda: register(entry.name)(entry.load()))
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # a broken package (even one calling sys.exit) must not hide the others
                _load_errors.append(f"{source}: {error!r}")
    return dict(_methods)


def load_errors() -> List[str]:
    return list(_load_errors)


def _describe(method: Method) -> str:
    """Where a method registered outside plugin loading comes from: a built-in or a module."""
    module = getattr(method, "__module__", None) or "an unknown module"
    if module in _BUILTIN_MODULES or module.startswith("interpbench_harness."):
        return f"the built-in method in {module}"
    return f"the method in module {module}"


def _loading_as(source: str, load) -> None:
    global _loading
    previous, _loading = _loading, source
    try:
        load()
    finally:
        _loading = previous


def _import_plugin_file(path: Path) -> None:
    module_name = f"interpbench_method_plugins.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        _loading_as(str(path), lambda: spec.loader.exec_module(module))
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a broken plugin (even one calling sys.exit) must not hide the others
        _load_errors.append(f"{path}: {error!r}")
