"""RASP building blocks shared by several case programs.

Upstream InterpBench builds its programs from tracr's own library (`tracr.compiler.lib`) plus a
few blocks of its own. The library blocks are re-exported here unchanged, so a case file imports
every shared block from one place; the blocks upstream wrote itself are written here in our words,
with the same operations in the same order, so that tracr compiles them to the same layers.
"""

from __future__ import annotations

from tracr.compiler.lib import (  # noqa: F401  (re-exported for the case files)
    detect_pattern,
    make_frac_prevs,
    make_hist,
    make_length,
    make_pair_balance,
    make_shuffle_dyck,
    make_sort,
    make_sort_unique,
)
from tracr.rasp import rasp


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
