"""Method options: what a method may declare, and `--method-option` values checked against it.

A method declares its options as a dataclass whose fields have defaults and simple types (what
the command line can give). Checking happens once, at start-up, so a misspelt key or a bad value
stops the run before any case runs, and a method always receives every option, defaults included.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import typing
from typing import Any, Dict, Mapping, Optional, Tuple

OPTION_TYPES = (int, float, bool, str)  # what --method-option values parse to


@dataclasses.dataclass(frozen=True)
class OptionField:
    """One declared option: its name, type (one of int, float, bool, str), choices (a Literal's
    values, else None), default and help (the field's `metadata["help"]`, if any)."""

    name: str
    type: type
    choices: Optional[Tuple[Any, ...]]
    default: Any
    help: str = ""

    @property
    def type_name(self) -> str:
        return " | ".join(map(repr, self.choices)) if self.choices is not None else self.type.__name__

    def describe(self) -> str:
        return f"{self.name} ({self.type_name}, default {self.default!r})"


def describe(fields: Tuple[OptionField, ...]) -> str:
    return ", ".join(field.describe() for field in fields) if fields else "none"


def apply_options(name: str, options: Optional[type], fields: Tuple[OptionField, ...],
                  given: Mapping[str, object]) -> Dict[str, object]:
    """`given` checked against method `name`'s declared options; every option as applied."""
    valid = f"its options: {describe(fields)}" if fields else "it takes no options"
    unknown = sorted(set(given) - {f.name for f in fields}, key=str)
    if unknown:
        hints = [close[0] for key in unknown
                 for close in [difflib.get_close_matches(str(key), [f.name for f in fields], n=1)] if close]
        hint = f" (did you mean {', '.join(map(repr, hints))}?)" if hints else ""
        keys = ", ".join(map(repr, unknown))
        raise ValueError(f"{name} has no option{'s' if len(unknown) > 1 else ''} {keys}{hint}; {valid}")
    applied = {}
    for field in fields:
        if field.name in given:
            try:
                applied[field.name] = checked(field, given[field.name])
            except ValueError as error:
                raise ValueError(f"{name} option {error}; {valid}") from None
    try:
        instance = options(**applied) if options is not None else None
    except (ValueError, TypeError) as error:
        values = ", ".join(f"{key}={value!r}" for key, value in applied.items()) or "the defaults"
        raise ValueError(f"{name} option{'s' if len(applied) > 1 else ''} {values} refused ({error}); {valid}") from None
    return {field.name: getattr(instance, field.name) for field in fields}


def checked(field: OptionField, value: object) -> object:
    """`value` as applied to `field`, or ValueError("<name> must be ...; got ...")."""
    got = f"got {value!r} ({type(value).__name__})"
    if field.choices is not None:
        if not any(type(value) is type(choice) and value == choice for choice in field.choices):
            raise ValueError(f"{field.name} must be one of {', '.join(map(repr, field.choices))}; {got}")
        return value
    if field.type is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{field.name} must be a number (float); {got}")
        if not math.isfinite(value):
            raise ValueError(f"{field.name} must be a finite number; {got}")
        return float(value)
    if field.type is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ValueError(f"{field.name} must be an int; {got}")
    if not isinstance(value, field.type):
        raise ValueError(f"{field.name} must be a {field.type.__name__}; {got}")
    return value


def option_fields(where: str, options: type) -> Tuple[OptionField, ...]:
    if not (isinstance(options, type) and dataclasses.is_dataclass(options)):
        raise ValueError(f"{where}: options must be a dataclass (e.g. @dataclasses.dataclass(frozen=True) "
                         f"class MyOptions: steps: int = 10); got {options!r}")
    try:
        hints = typing.get_type_hints(options)
    except Exception as error:
        raise ValueError(f"{where}: the types of {options.__name__}'s fields cannot be resolved: {error!r}") from None
    fields = []
    for field in dataclasses.fields(options):
        if not field.init:
            continue
        hint = hints.get(field.name, field.type)
        if typing.get_origin(hint) is typing.Literal:
            choices = typing.get_args(hint)
            kind = type(choices[0])
            if not all(type(choice) in OPTION_TYPES for choice in choices):
                raise ValueError(f"{where}: option {field.name}: a Literal's values must be int, float, bool or str")
        elif hint in OPTION_TYPES:
            kind, choices = hint, None
        else:
            raise ValueError(f"{where}: option {field.name} has type {hint!r}; an option must be int, float, bool, "
                             f"str or a typing.Literal of such values (what --method-option can give)")
        if field.default is not dataclasses.MISSING:
            default = field.default
        elif field.default_factory is not dataclasses.MISSING:
            default = field.default_factory()
        else:
            raise ValueError(f"{where}: option {field.name} needs a default (a method called with no options "
                             f"runs with its defaults)")
        fields.append(OptionField(field.name, kind, choices, default, str(field.metadata.get("help", ""))))
    for field in fields:
        try:
            checked(field, field.default)
        except ValueError as error:
            raise ValueError(f"{where}: the default of option {error}") from None
    try:
        options()
    except (ValueError, TypeError) as error:
        raise ValueError(f"{where}: {options.__name__}() with its defaults fails: {error}") from None
    return tuple(fields)
