"""RASP building blocks shared by several case programs.

Upstream InterpBench builds its programs from tracr's own library (`tracr.compiler.lib`) plus a
few blocks of its own. The library blocks are re-exported here unchanged, so a case file imports
every shared block from one place; the blocks upstream wrote itself are written here in our words,
with the same operations in the same order, so that tracr compiles them to the same layers.

Import-light: `tracr/compiler/lib.py` needs only `tracr.rasp`, but importing it as
`tracr.compiler.lib` first runs `tracr/compiler/__init__.py`, which imports the whole compiler and
JAX (seconds). So the library file is executed on its own (`_tracr_library`): the same source, the
same functions, the same RASP expressions, with the compiler left to the code that compiles.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tracr.rasp import rasp

_LIBRARY = "tracr.compiler.lib"


def _tracr_library() -> ModuleType:
    """tracr's `tracr/compiler/lib.py`, without importing the `tracr.compiler` package.

    When tracr's compiler is already imported, its own module is used. Otherwise the file is
    executed as a module of its own name, `interpbench_harness.cases._tracr_compiler_lib` (not
    registered as `tracr.compiler.lib`, which would leave `tracr.compiler` without its attribute).
    Its blocks only build RASP expressions, and a RASP expression's id (part of its label) is
    drawn when the label is first read, never when the expression is built, so which module
    object built a block cannot change a compiled program.
    """
    if _LIBRARY in sys.modules:
        return sys.modules[_LIBRARY]
    name = f"{__package__}._tracr_compiler_lib"
    if name in sys.modules:
        return sys.modules[name]
    tracr_dir = importlib.util.find_spec("tracr").submodule_search_locations[0]
    spec = importlib.util.spec_from_file_location(name, f"{tracr_dir}/compiler/lib.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


_lib = _tracr_library()
detect_pattern = _lib.detect_pattern
make_frac_prevs = _lib.make_frac_prevs
make_hist = _lib.make_hist
make_length = _lib.make_length
make_pair_balance = _lib.make_pair_balance
make_shuffle_dyck = _lib.make_shuffle_dyck
make_sort = _lib.make_sort
make_sort_unique = _lib.make_sort_unique


def shift_by(offset: int, sop: rasp.SOp, default=None) -> rasp.SOp:
    """`sop` read from `offset` positions earlier; positions with no such source get `default`.

    One attention head whose query at position q selects the key at q - offset (a negative
    offset reads later positions). tracr's library version has no `default`; upstream's has.
    """
    source = rasp.Select(rasp.indices, rasp.indices, lambda key, query: query == key + offset)
    return rasp.Aggregate(source, sop, default=default).named(f"shift_by({offset})")


def make_reverse(sop: rasp.SOp) -> rasp.SOp:
    """`sop` in reverse order: position i reads position length - i - 1 (bidirectional only)."""
    mirrored = (make_length() - rasp.indices).named("opp_idx")
    mirrored = (mirrored - 1).named("opp_idx-1")
    pick = rasp.Select(rasp.indices, mirrored, rasp.Comparison.EQ).named("reverse_selector")
    return rasp.Aggregate(pick, sop).named("reverse")


def first_occurrences(sop: rasp.SOp) -> rasp.SOp:
    """`sop` where its value appears for the first time, None where the value appeared before.

    Position i counts the positions up to and including it that hold its value; a count of 1
    marks a first occurrence, which keeps its own index, every other position gets -1, and each
    position reads the position whose kept index is its own. E.g. "banana" -> ['b', 'a', 'n',
    None, None, None].
    """
    with_index = rasp.SequenceMap(lambda value, i: (value, i), sop, rasp.indices)
    same_value_up_to_here = rasp.Select(
        with_index, with_index, lambda key, query: key[0] == query[0] and key[1] <= query[1]
    )
    seen_count = rasp.SelectorWidth(same_value_up_to_here)
    kept_index = rasp.SequenceMap(lambda count, i: i if count == 1 else -1, seen_count, rasp.indices)
    pick = rasp.Select(kept_index, rasp.indices, rasp.Comparison.EQ).named("unique_tokens_selector")
    return rasp.Aggregate(pick, sop, default=None).named("unique_tokens")


def previous_or_self(sop: rasp.SOp) -> rasp.SOp:
    """`sop` at the position before; position 0 reads itself (so it is never None)."""
    left = rasp.Select(
        rasp.indices, rasp.indices, lambda key, query: key == query - 1 or (key == 0 and query == 0)
    ).named("left_or_self")
    return rasp.Aggregate(left, sop).named("previous_token")


def next_or_self(sop: rasp.SOp) -> rasp.SOp:
    """`sop` at the position after; the last position reads itself (bidirectional only).

    The last position is steered to its predecessor's successor: an `anchor` of i, or i - 1 at
    the last position, selects the key one after it.
    """
    everyone = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.TRUE).named("every_pair")
    n_tokens = rasp.SelectorWidth(everyone).named("n_tokens")
    anchor = rasp.SequenceMap(lambda i, n: i if i < n - 1 else i - 1, rasp.indices, n_tokens).named("anchor")
    successor = rasp.Select(rasp.indices, anchor, lambda key, query: key - 1 == query).named("successor")
    return rasp.Aggregate(successor, sop).named("next_token")


def largest(sop: rasp.SOp) -> rasp.SOp:
    """The largest value of numerical `sop`, at every position (bidirectional only).

    A tiny index term makes equal values distinct; the one position whose value every position's
    is at most (counted with a SelectorWidth, compared with the length) is read by all.
    """
    tie_broken = rasp.SequenceMap(lambda v, i: v + i * 0.00000000000001, sop, rasp.indices).named(
        "tie_broken_token"
    )
    at_most = rasp.Select(tie_broken, tie_broken, rasp.Comparison.LEQ).named("key_at_most_query")
    n_at_most = rasp.SelectorWidth(at_most).named("n_at_most")
    is_top = rasp.Select(n_at_most, make_length(), rasp.Comparison.EQ).named("is_top")
    return rasp.Aggregate(is_top, sop).named("largest")
