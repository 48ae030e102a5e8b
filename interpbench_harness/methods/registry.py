"""Where methods come from: built-ins, every module in `method_plugins/`, installed packages.

A module registers a method with the `@register("name")` decorator. An installed package
instead declares an entry point in the group `interpbench_harness.methods` whose name is the
method name and whose object is the method.

A method declares, when it registers, its options and what it returns:

    @dataclasses.dataclass(frozen=True)
    class MyOptions:
        steps: int = 10                       # int, float, bool, str or typing.Literal[...]
        mode: Literal["fast", "exact"] = "fast"

        def __post_init__(self):              # optional: range checks, raising ValueError
            if self.steps < 1:
                raise ValueError(f"steps must be at least 1, got {self.steps}")

    @register("my_method", options=MyOptions, returns=EdgeScores, signed=False)
    def my_method(case, settings): ...

A callable registered without these arguments (an entry point's object, say) may carry the same
declaration as the attributes `interpbench_options`, `interpbench_returns` and
`interpbench_signed` (`declare(...)` sets them). A method that declares no options takes none.
`resolve_options(name, given)` checks a run's `--method-option` values against the declaration
once, at start-up, and gives every option as applied, defaults included. A plugin file that fails to import (any exception,
SystemExit included) does not stop the others; its error is kept and shown when a requested
method is missing. So is a name already taken by a built-in or another plugin: the error names
both sources, and the plugin's other methods stay available.
"""

from __future__ import annotations

import dataclasses
import importlib
import importlib.util
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

from interpbench_harness.methods.contract import RETURNS, UNKNOWN, Method
from interpbench_harness.methods.options import OptionField, apply_options, describe, option_fields

ENTRY_POINT_GROUP = "interpbench_harness.methods"
_BUILTIN_MODULES = (
    "interpbench_harness.methods.baselines",
    "interpbench_harness.methods.attribution",
    "interpbench_harness.methods.activation_patching",
    "interpbench_harness.methods.acdc",
    "interpbench_harness.methods.subnetwork_probing",
)

# The attributes a callable may carry to declare what `register`'s arguments declare.
OPTIONS_ATTRIBUTE = "interpbench_options"
RETURNS_ATTRIBUTE = "interpbench_returns"
SIGNED_ATTRIBUTE = "interpbench_signed"

_methods: Dict[str, Method] = {}
_info: Dict[str, "MethodInfo"] = {}  # method name -> its declaration and origin
_load_errors: List[str] = []
_loaded_sources: set = set()  # plugin files and the entry-point scan already loaded, once each
_loading: Optional[str] = None  # the plugin file or entry point being loaded, while it loads
_loading_kind: Optional[str] = None  # "plugin file" or "entry point", while one loads


@dataclasses.dataclass(frozen=True)
class MethodInfo:
    """A registered method's declaration and where it came from."""

    name: str
    method: Method
    options: Optional[type]  # the options dataclass; None: the method takes no options
    fields: Tuple[OptionField, ...]
    returns: str  # "edge_scores", "node_scores", "sweep" or "unknown"
    signed: Optional[bool]  # whether its scores' sign carries meaning; None: not declared
    kind: str  # "built-in", "plugin file", "entry point" or "module"
    location: str  # the module, plugin file path or entry point

    def describe_options(self) -> str:
        return describe(self.fields)

    @property
    def source(self) -> str:
        """Where the method came from, as load errors and name clashes name it."""
        if self.kind in ("plugin file", "entry point"):
            return self.location
        if self.kind == "built-in":
            return f"the built-in method in {self.location}"
        return f"the method in module {self.location}"

    @property
    def summary(self) -> str:
        """The first line of the method's docstring."""
        doc = (getattr(self.method, "__doc__", None) or "").strip()
        return doc.splitlines()[0] if doc else ""

    def as_dict(self) -> Dict[str, object]:
        return {
            "name": self.name, "returns": self.returns,
            "signed": UNKNOWN if self.signed is None else self.signed,
            "options": [{"name": f.name, "type": f.type_name, "default": f.default, "help": f.help}
                        for f in self.fields],
            "kind": self.kind, "location": self.location, "summary": self.summary,
        }


def declare(options: Optional[type] = None, returns: Any = None, signed: Optional[bool] = None):
    """Decorator: set the declaration attributes on a callable without registering it (for an
    entry point's object, which the registry registers itself). See `register`."""

    def decorate(method: Method) -> Method:
        if options is not None:
            setattr(method, OPTIONS_ATTRIBUTE, options)
        if returns is not None:
            setattr(method, RETURNS_ATTRIBUTE, returns)
        if signed is not None:
            setattr(method, SIGNED_ATTRIBUTE, signed)
        return method

    return decorate


def register(name: str, options: Optional[type] = None, returns: Any = None, signed: Optional[bool] = None):
    """Decorator: make `method` available as `--method=name`.

    `options`: a dataclass whose fields (each with a default; of type int, float, bool, str or a
    `typing.Literal` of such values) are the method's options; its `__post_init__` may check
    ranges, raising ValueError. None: the method takes no options. `returns`: `EdgeScores`,
    `NodeScores` or `Sweep` (or "edge_scores", "node_scores", "sweep"); `signed`: whether the
    scores' sign carries meaning. Arguments not given are read from the callable's attributes
    `interpbench_options`, `interpbench_returns` and `interpbench_signed`; returns and signed
    not declared at all show as "unknown" in `interpbench methods`.

    A name that is already taken (by a built-in, a plugin file or an entry point) is an error
    naming both sources. While a plugin file or entry point loads, the error is kept as that
    plugin's load error and only the clashing method is left out: the file's other methods stay.
    A declaration that is not valid is an error too (a plugin file's load error).
    """

    def decorate(method: Method) -> Method:
        info = _method_info(
            name, method,
            options if options is not None else getattr(method, OPTIONS_ATTRIBUTE, None),
            returns if returns is not None else getattr(method, RETURNS_ATTRIBUTE, None),
            signed if signed is not None else getattr(method, SIGNED_ATTRIBUTE, None),
        )
        if name in _methods and _methods[name] is not method:
            clash = f"two methods are registered as {name!r}: {_info[name].source} and {info.source}; rename one"
            if _loading is None:
                raise ValueError(clash)
            _load_errors.append(f"{_loading}: {clash} (the second was not registered)")
            return method
        _methods[name] = method
        _info[name] = info
        return method

    return decorate


def resolve_options(name: str, given: Mapping[str, object]) -> Dict[str, object]:
    """The options `name` runs with: `given` checked against its declaration, defaults included.

    Values are as `--method-option` parses them (int, float, bool or str). An int is accepted for
    a float option (and applied as a float); any other mismatch, an unknown key, a value outside
    a Literal's choices or one the options' `__post_init__` refuses is a ValueError naming the
    method, the key or value, and the method's options with their types and defaults.
    """
    info = method_info(name)
    return apply_options(name, info.options, info.fields, given)


def method_info(name: str) -> MethodInfo:
    """A registered method's declaration (built-ins are loaded if need be). ValueError if unknown."""
    if name not in _methods:
        _load_builtins()
    if name not in _methods or name not in _info:
        raise ValueError(f"unknown method {name!r}; available: {', '.join(sorted(_methods))}")
    return _info[name]


def method_infos() -> Dict[str, MethodInfo]:
    """The declaration of every method registered so far (call `load_methods` first), by name."""
    return {name: _info[name] for name in sorted(_methods) if name in _info}


def _method_info(name: str, method: Method, options: Optional[type], returns: Any, signed: Any) -> MethodInfo:
    """The declaration checked: a usable options dataclass, a known return kind, a bool or None."""
    where = f"method {name!r}"
    returns = next((kind for result, kind in RETURNS.items() if returns is result), returns)
    if returns is None:
        returns = UNKNOWN
    if returns not in (*RETURNS.values(), UNKNOWN):
        raise ValueError(f"{where}: returns must be EdgeScores, NodeScores or Sweep "
                         f"(or {', '.join(map(repr, RETURNS.values()))}); got {returns!r}")
    if signed is not None and not isinstance(signed, bool):
        raise ValueError(f"{where}: signed must be True or False; got {signed!r}")
    fields = option_fields(where, options) if options is not None else ()
    if _loading_kind is not None:
        kind, location = _loading_kind, _loading
    else:
        module = getattr(method, "__module__", None) or "an unknown module"
        kind, location = ("built-in" if module.startswith("interpbench_harness.") else "module"), module
    return MethodInfo(name, method, options, fields, returns, signed, kind, location)


def load_methods(plugin_dir: Optional[Path] = None) -> Dict[str, Method]:
    """Every available method by name (loading built-ins, plugin files and entry points)."""
    _load_builtins()
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
                _loading_as(source, lambda: register(entry.name)(entry.load()), "entry point")
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # a broken package (even one calling sys.exit) must not hide the others
                _load_errors.append(f"{source}: {error!r}")
    return dict(_methods)


def load_errors() -> List[str]:
    return list(_load_errors)


def _load_builtins() -> None:
    for module in _BUILTIN_MODULES:
        importlib.import_module(module)


def _loading_as(source: str, load, kind: str) -> None:
    global _loading, _loading_kind
    previous, _loading, _loading_kind = (_loading, _loading_kind), source, kind
    try:
        load()
    finally:
        _loading, _loading_kind = previous


def _import_plugin_file(path: Path) -> None:
    module_name = f"interpbench_method_plugins.{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        _loading_as(str(path), lambda: spec.loader.exec_module(module), "plugin file")
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # a broken plugin (even one calling sys.exit) must not hide the others
        _load_errors.append(f"{path}: {error!r}")
