"""The input samplers of the ten InterpBench cases that replace upstream's uniform one.

Upstream balances the labels of some cases by drawing part of the batch from a generator that
only makes inputs of one class (palindromes, sorted lists, balanced brackets, ...). Each function
here follows the signature of `sampling.Sampler` and spends `draws` exactly as upstream spends its
global `random` and `np.random`: the same calls, with the same arguments, in the same order. With
the same seed it therefore gives the same sequences (tests/test_samplers.py checks this against
draws recorded from upstream's own code).

Lengths follow upstream: `min_len` and `max_len` count BOS, and every sequence's length is a
fresh `randint(min_len, max_len)` on the Python stream. Where upstream hard-codes its own token
list rather than the case's vocabulary, the same list is used here.

Known departure: case 5 picks among the allowed next brackets in the iteration order of a Python
set of strings, which changes with PYTHONHASHSEED, so upstream itself gives different inputs
from one process to the next. We pick from the sorted candidates instead (see `_balanced_brackets`).
"""

from __future__ import annotations

import math
from typing import Callable, Hashable, List, Sequence

from interpbench_harness.sampling import Draws, random_sequence

Tokens = List[Hashable]
# Makes one sequence of the given length (BOS excluded) from the draws.
Maker = Callable[[int, Draws], Tokens]


# --- shared skeleton ------------------------------------------------------------------------


def _fixed_class_then_other(count: int, first: Callable[[], Tokens], rest: Callable[[], Tokens]) -> List[Tokens]:
    """`count // 2` sequences from `first`, then the remaining ones from `rest`, in that order."""
    n_first = count // 2
    sequences = [first() for _ in range(n_first)]
    sequences += [rest() for _ in range(count - n_first)]
    return sequences


def _at_random_length(make: Maker, min_len: int, max_len: int, draws: Draws) -> Callable[[], Tokens]:
    """Draw a length (counting BOS) from the Python stream, then make a sequence that long."""
    return lambda: make(draws.python.randint(min_len, max_len) - 1, draws)


def _uniform(vocab: Sequence[Hashable], min_len: int, max_len: int, draws: Draws) -> Callable[[], Tokens]:
    """Upstream's default draw: random length, tokens uniform with replacement (NumPy stream)."""
    return lambda: random_sequence(vocab, min_len, max_len, draws)


# --- case 1 ---------------------------------------------------------------------------------

_ROTATION_LAG = 2
_ROTATION_SHARE = 0.15


def _repeats_two_back(tokens: Sequence[Hashable]) -> List:
    """Case 1's program output: None for the first two positions, then token == token two back."""
    return [None if i < _ROTATION_LAG else tokens[i] == tokens[i - _ROTATION_LAG] for i in range(len(tokens))]


def balanced_rotation_inputs(vocab, count, min_len, max_len, draws):
    """Case 1: ceil(15%) all-True inputs (two letters alternating), as many all-False ones (the
    vocabulary cycled), then uniform inputs minus some with no True; uniform inputs almost never
    make every position True, hence the balancing."""
    n_each = math.ceil(count * _ROTATION_SHARE)  # same float expression as upstream (20 * 0.15 -> 4)
    sequences = []
    for _ in range(n_each):
        length = draws.python.randint(min_len, max_len) - 1
        pair = draws.python.sample(vocab, 2)
        seq = pair * (length // 2)
        if length % 2:
            seq.append(seq[0])
        sequences.append(seq)
    for _ in range(n_each):
        length = draws.python.randint(min_len, max_len) - 1
        sequences.append([vocab[i % len(vocab)] for i in range(length)])
    # Upstream keeps drawing uniform inputs until it has `count` (never trimming: count=1 gives 2).
    while len(sequences) < count:
        seq = random_sequence(vocab, min_len, max_len, draws)
        # Upstream tests the output row [BOS] + outputs + [PAD]* from index 2, i.e. from output
        # position 1 (always None, so "all True" never fires), and its PAD entries are truthy
        # strings: in effect only a full-length input with no True at all (or a one-token
        # input) is rejected.
        n_pad = max_len - 1 - len(seq)
        tail = _repeats_two_back(seq)[1:] + [True] * n_pad
        if all(tail) or not any(tail):
            continue
        sequences.append(seq)
    return sequences


# --- case 5 ---------------------------------------------------------------------------------

_OPENERS = ("(", "{")
_CLOSER_OF = {"(": ")", "{": "}"}
_OPENER_OF = {")": "(", "}": "{"}
_FILLER = "x"
# Upstream's uniform half uses this literal list (it equals the sorted vocabulary).
_BRACKET_TOKENS = ["(", ")", "x", "{", "}"]


def _balanced_brackets(length: int, draws: Draws) -> Tokens:
    """A shuffle-Dyck-balanced string of `length` tokens over ( ) { } x, built left to right.

    At each step the allowed tokens are: a closer for any bracket still open; `x` if at least
    one slot is left beyond the ones needed to close what is open; an opener if at least two
    are. One of them is chosen with `random.choice`. Upstream chooses from a set's iteration
    order (which depends on the string hash seed); we choose from the sorted candidates.
    """
    seq: Tokens = []
    still_open: List[str] = []
    while len(seq) < length:
        room = length - len(seq)
        candidates = {_CLOSER_OF[b] for b in still_open}
        if len(still_open) + 1 <= room:
            candidates.add(_FILLER)
        if len(still_open) + 2 <= room:
            candidates.update(_OPENERS)
        token = draws.python.choice(sorted(candidates))
        seq.append(token)
        if token in _OPENERS:
            still_open.append(token)
        elif token in _OPENER_OF:
            still_open.remove(_OPENER_OF[token])  # the earliest open bracket of that kind
    return seq


def half_balanced_bracket_inputs(vocab, count, min_len, max_len, draws):
    """Case 5: half balanced bracket strings, half uniform over upstream's literal token list;
    uniform strings are almost never balanced, hence the balancing."""
    return _fixed_class_then_other(
        count,
        _at_random_length(_balanced_brackets, min_len, max_len, draws),
        _uniform(_BRACKET_TOKENS, min_len, max_len, draws),
    )


# --- case 17 --------------------------------------------------------------------------------


def palindrome_or_not_inputs(vocab, count, min_len, max_len, draws):
    """Case 17: half palindromes, half non-palindromes (a uniform draw whose middle token is
    redrawn if it happened to be one); uniform inputs are almost never palindromes."""

    def palindrome(length, draws):
        half = draws.python.choices(vocab, k=(length + 1) // 2)
        mirrored = half[::-1] if length % 2 == 0 else half[-2::-1]
        return half + mirrored

    def not_palindrome(length, draws):
        seq = draws.python.choices(vocab, k=length)
        if seq == seq[::-1]:
            middle = length // 2
            seq[middle] = draws.python.choice([t for t in vocab if t != seq[middle]])
        return seq

    return _fixed_class_then_other(
        count,
        _at_random_length(palindrome, min_len, max_len, draws),
        _at_random_length(not_palindrome, min_len, max_len, draws),
    )


# --- cases 89 and 94 ------------------------------------------------------------------------


def half_increasing_inputs(vocab, count, min_len, max_len, draws):
    """Case 89: half strictly increasing lists (distinct tokens, sorted), half uniform; uniform
    lists are almost never increasing."""

    def increasing(length, draws):
        return sorted(draws.python.sample(vocab, length))

    return _fixed_class_then_other(
        count, _at_random_length(increasing, min_len, max_len, draws), _uniform(vocab, min_len, max_len, draws)
    )


def half_decreasing_inputs(vocab, count, min_len, max_len, draws):
    """Case 94: half strictly decreasing lists (distinct tokens, sorted high to low), half
    uniform; uniform lists are almost never decreasing."""

    def decreasing(length, draws):
        return sorted(draws.python.sample(vocab, length), reverse=True)

    return _fixed_class_then_other(
        count, _at_random_length(decreasing, min_len, max_len, draws), _uniform(vocab, min_len, max_len, draws)
    )


# --- case 108 -------------------------------------------------------------------------------


def duplicate_or_distinct_inputs(vocab, count, min_len, max_len, draws):
    """Case 108: half lists with exactly one repeated value, half lists of distinct values;
    uniform lists of this length nearly always repeat a value."""

    def one_duplicate(length, draws):
        if length < 2:
            raise ValueError("a list with a repeated value needs at least 2 tokens")
        distinct = draws.python.sample(vocab, length - 1)
        seq = distinct + [draws.python.choice(distinct)]
        draws.python.shuffle(seq)
        return seq

    def all_distinct(length, draws):
        return draws.python.sample(vocab, length)

    return _fixed_class_then_other(
        count,
        _at_random_length(one_duplicate, min_len, max_len, draws),
        _at_random_length(all_distinct, min_len, max_len, draws),
    )


# --- case 109 -------------------------------------------------------------------------------


def last_two_equal_or_not_inputs(vocab, count, min_len, max_len, draws):
    """Case 109: half lists ending in two equal tokens, half ending in two different ones, the
    rest uniform; uniform lists end in a pair only about once in len(vocab)."""

    def ends_in_pair(length, draws):
        # Upstream asks for `seq_len - 3` leading tokens, i.e. length - 2 (none if negative).
        head = draws.python.choices(vocab, k=length - 2)
        last = draws.python.choice(vocab)
        return head + [last, last]

    def ends_in_two_different(length, draws):
        head = draws.python.choices(vocab, k=length - 2)
        second_last = draws.python.choice(vocab)
        last = draws.python.choice([t for t in vocab if t != second_last])
        return head + [second_last, last]

    return _fixed_class_then_other(
        count,
        _at_random_length(ends_in_pair, min_len, max_len, draws),
        _at_random_length(ends_in_two_different, min_len, max_len, draws),
    )


# --- case 124 -------------------------------------------------------------------------------


def constant_or_varied_inputs(vocab, count, min_len, max_len, draws):
    """Case 124: half lists of one repeated value, half lists of distinct values (cycled when
    longer than the vocabulary); uniform lists are practically never constant."""
    # Upstream draws from `list(set_of_ints)`; for the small non-negative ints of this case's
    # vocabulary that order is ascending, i.e. the sorted vocabulary we are given.

    def constant(length, draws):
        return [draws.python.choice(vocab)] * length

    def varied(length, draws):
        if length < 2:
            raise ValueError("a list that is not constant needs at least 2 tokens")
        distinct = draws.python.sample(vocab, k=min(length, len(vocab)))
        return (distinct * (length // len(distinct) + 1))[:length]

    return _fixed_class_then_other(
        count,
        _at_random_length(constant, min_len, max_len, draws),
        _at_random_length(varied, min_len, max_len, draws),
    )


# --- case 125 -------------------------------------------------------------------------------


def half_alternating_parity_inputs(vocab, count, min_len, max_len, draws):
    """Case 125: half lists alternating even, odd, even, ... (starting even), half uniform;
    uniform lists rarely alternate in parity."""
    evens = [t for t in vocab if t % 2 == 0]
    odds = [t for t in vocab if t % 2 == 1]

    def alternating(length, draws):
        return [draws.python.choice(evens if i % 2 == 0 else odds) for i in range(length)]

    return _fixed_class_then_other(
        count, _at_random_length(alternating, min_len, max_len, draws), _uniform(vocab, min_len, max_len, draws)
    )


# --- case 129 -------------------------------------------------------------------------------

_MULTIPLE_OF = 2


def all_even_or_one_odd_inputs(vocab, count, min_len, max_len, draws):
    """Case 129: half lists of distinct multiples of 2, half the same but with one odd value
    shuffled in; uniform lists are practically never all even."""
    multiples = [t for t in vocab if t % _MULTIPLE_OF == 0]
    others = [t for t in vocab if t % _MULTIPLE_OF != 0]

    def all_multiples(length, draws):
        return draws.python.sample(multiples, length)

    def one_other(length, draws):
        seq = draws.python.sample(multiples, length - 1)
        seq.append(draws.python.choice(others))
        draws.python.shuffle(seq)
        return seq

    return _fixed_class_then_other(
        count,
        _at_random_length(all_multiples, min_len, max_len, draws),
        _at_random_length(one_other, min_len, max_len, draws),
    )


# Upstream case id -> its sampler.
