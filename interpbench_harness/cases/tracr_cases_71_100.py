"""Cases 71-100: the second block of TracrBench programs (ids match upstream's).

Every program here is categorical. About half are a single lookup-table Map on the token; the
rest move, compare or count tokens with attention (length, previous/next element, reversal of the
odd positions, pairwise swaps, sorting for the median, maximum, first occurrences).
Vocabularies are kept small so the compiled MLPs stay small; math functions round their result to
a fixed number of decimals inside the Map so the output value set is finite and exact. Where a
task leaves a constant open (threshold, subtracted constant), we take upstream's default value;
each case description names the constant it uses.
"""

from __future__ import annotations

import math

from tracr.rasp import rasp

from interpbench_harness.cases.rasp_blocks import sequence_length, token_map
from interpbench_harness.cases.spec import CaseSpec, Released

# Small integer vocabularies shared by several cases.
_SMALL_INTS = frozenset(range(0, 7))  # 0..6
_NUMBER_THEORY_INTS = frozenset(range(0, 13))  # 0..12: primes, powers of 2, two-factor 6/10/12
_TEN_INTS = frozenset(range(0, 10))  # 0..9: for the cases whose max_seq_len is len(vocab) + 1
_DECIMALS = 3  # rounding of the trigonometric outputs

_SUBTRACTED_CONSTANT = 2  # case 80 (upstream's default)
_BINARIZE_THRESHOLD = 3  # case 87 (upstream's default)
_ZERO_BELOW_THRESHOLD = 3  # case 91 (upstream's default)
_REPLACED_TOKEN, _REPLACEMENT_TOKEN = 3, 7  # case 90


# --------------------------------------------------------------------------------------------
# Shared building blocks (each call builds fresh SOps named with the caller's prefix).


def _previous_token(prefix: str) -> rasp.SOp:
    """The token one position to the left; position 0 reads its own token (causal-safe)."""
    from_previous = rasp.Select(
        rasp.indices, rasp.indices, lambda key, query: key == max(query - 1, 0)
    ).named(f"{prefix}_select_previous")
    return rasp.Aggregate(from_previous, rasp.tokens).named(f"{prefix}_previous_token")


def _maximum(prefix: str) -> rasp.SOp:
    """The largest token, broadcast to every position (non-causal).

    A position holds the maximum when no token is greater than its own; every such position
    carries the same value, so the categorical Aggregate over them is exact.
    """
    greater = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.GT).named(
        f"{prefix}_select_greater"
    )
    n_greater = rasp.SelectorWidth(greater).named(f"{prefix}_n_greater")
    holders = rasp.Select(n_greater, rasp.tokens, lambda key, query: key == 0).named(
        f"{prefix}_select_max_holders"
    )
    return rasp.Aggregate(holders, rasp.tokens).named(f"{prefix}_maximum")


def _order_check(prefix: str, pair_ok) -> rasp.SOp:
    """1 everywhere when `pair_ok(previous, current)` holds for every adjacent pair, else 0."""
    previous = _previous_token(prefix)
    ok = rasp.SequenceMap(
        lambda prev, cur: 1 if pair_ok(prev, cur) else 0, previous, rasp.tokens
    ).named(f"{prefix}_pair_ok")
    violations = rasp.Select(ok, ok, lambda key, query: key == 0).named(
        f"{prefix}_select_violations"
    )
    n_violations = rasp.SelectorWidth(violations).named(f"{prefix}_n_violations")
    return rasp.Map(lambda n: 1 if n == 0 else 0, n_violations).named(f"{prefix}_all_ok")


# Plain-Python helpers used by the references (written independently of the programs).


def _is_prime(x: int) -> int:
    if x < 2:
        return 0
    return 0 if any(x % d == 0 for d in range(2, x)) else 1


def _distinct_prime_factors(x: int) -> int:
    return sum(1 for p in range(2, x + 1) if x % p == 0 and _is_prime(p))


def _is_power_of_two(x: int) -> int:
    return 1 if x in {2**k for k in range(0, 8)} else 0


def _pairwise_ok(tokens, pair_ok) -> int:
    return 1 if all(pair_ok(a, b) for a, b in zip(tokens, tokens[1:])) else 0


# --------------------------------------------------------------------------------------------
# 71: divide by the sequence length.


def _program_71():
    length = sequence_length("c71_length")
    # length is never 0 on a real input; the guard only keeps tracr's value-set sweep total.
    return rasp.SequenceMap(
        lambda x, n: x / n if n > 0 else 0, rasp.tokens, length
    ).named("divided_by_length")


def _reference_71(tokens):
    return [t / len(tokens) for t in tokens]


# 72-73, 75, 77, 79-80, 83-87, 90-91, 95: one lookup table on the token.


def _program_72():
    return token_map(lambda x: -x, "negated")


def _program_73():
    return token_map(lambda x: round(math.sin(x), _DECIMALS), "sine")


def _reference_73(tokens):
    return [round(math.sin(t), _DECIMALS) for t in tokens]


# 74: elements at odd positions appear in reverse order, even positions stay.


def _program_74():
    length = sequence_length("c74_length")

    def source(i, n):
        if i % 2 == 0:
            return i
        last_odd = n - 1 if (n - 1) % 2 == 1 else n - 2
        return last_odd + 1 - i  # the k-th odd slot reads the k-th odd slot from the end

    source_index = rasp.SequenceMap(source, rasp.indices, length).named("c74_source_index")
    from_source = rasp.Select(rasp.indices, source_index, rasp.Comparison.EQ).named(
        "c74_select_source"
    )
    return rasp.Aggregate(from_source, rasp.tokens).named("odd_positions_reversed")


def _reference_74(tokens):
    odd_reversed = list(tokens[1::2])[::-1]
    return [t if i % 2 == 0 else odd_reversed[i // 2] for i, t in enumerate(tokens)]


def _program_75():
    return token_map(lambda x: 2 * x, "doubled")


# 76: zero at even indices.


def _program_76():
    return rasp.SequenceMap(
        lambda x, i: 0 if i % 2 == 0 else x, rasp.tokens, rasp.indices
    ).named("zero_even_indices")


def _reference_76(tokens):
    return [0 if i % 2 == 0 else t for i, t in enumerate(tokens)]


def _program_77():
    return token_map(lambda x: round(math.tan(x), _DECIMALS), "tangent")


def _reference_77(tokens):
    return [round(math.tan(t), _DECIMALS) for t in tokens]


# 78: how often each token occurs.


def _program_78():
    same_token = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.EQ).named(
        "c78_select_same_token"
    )
    return rasp.SelectorWidth(same_token).named("occurrences")


def _reference_78(tokens):
    return [list(tokens).count(t) for t in tokens]


def _program_79():
    def is_prime(x):
        return 1 if x > 1 and all(x % d for d in range(2, int(x**0.5) + 1)) else 0

    return token_map(is_prime, "is_prime")


def _program_80():
    return token_map(lambda x: x - _SUBTRACTED_CONSTANT, f"minus_{_SUBTRACTED_CONSTANT}")


# 81: median of the whole sequence, broadcast.


def _program_81():
    # Stable ascending sort: (token, index) pairs are unique, so each gets its own rank.
    token_and_index = rasp.SequenceMap(
        lambda x, i: (x, i), rasp.tokens, rasp.indices
    ).named("c81_token_and_index")
    precedes = rasp.Select(token_and_index, token_and_index, rasp.Comparison.LT).named(
        "c81_select_precedes"
    )
    rank = rasp.SelectorWidth(precedes).named("c81_rank")
    to_rank = rasp.Select(rank, rasp.indices, rasp.Comparison.EQ).named("c81_select_by_rank")
    ascending = rasp.Aggregate(to_rank, rasp.tokens).named("c81_sorted")

    length = sequence_length("c81_length")
    lower_mid = rasp.Map(lambda n: (n - 1) // 2, length).named("c81_lower_mid_index")
    upper_mid = rasp.Map(lambda n: n // 2, length).named("c81_upper_mid_index")
    at_lower = rasp.Select(rasp.indices, lower_mid, rasp.Comparison.EQ).named(
        "c81_select_lower_mid"
    )
    at_upper = rasp.Select(rasp.indices, upper_mid, rasp.Comparison.EQ).named(
        "c81_select_upper_mid"
    )
    lower = rasp.Aggregate(at_lower, ascending).named("c81_lower_mid")
    upper = rasp.Aggregate(at_upper, ascending).named("c81_upper_mid")
    return rasp.SequenceMap(lambda a, b: (a + b) / 2, lower, upper).named("median")


def _reference_81(tokens):
    ordered = sorted(tokens)
    n = len(ordered)
    if n % 2 == 1:
        median = ordered[n // 2] / 1
    else:
        median = (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return [median] * n


# 82: halve the second half (positions from length // 2 on).


def _program_82():
    length = sequence_length("c82_length")
    in_second_half = rasp.SequenceMap(
        lambda i, n: 1 if i >= n // 2 else 0, rasp.indices, length
    ).named("c82_in_second_half")
    return rasp.SequenceMap(
        lambda x, second: x / 2 if second else x, rasp.tokens, in_second_half
    ).named("second_half_halved")


def _reference_82(tokens):
    n = len(tokens)
    return [t / 2 if i >= n // 2 else t for i, t in enumerate(tokens)]


def _program_83():
    return token_map(lambda x: 3 * x, "tripled")


def _program_84():
    return token_map(lambda x: round(math.atan(x), _DECIMALS), "arctangent")


def _reference_84(tokens):
    return [round(math.atan(t), _DECIMALS) for t in tokens]


def _program_85():
    return token_map(lambda x: x * x, "squared")


def _program_86():
    return token_map(lambda x: 1 if x > 0 and x & (x - 1) == 0 else 0, "is_power_of_two")


def _program_87():
    return token_map(lambda x: 1 if x >= _BINARIZE_THRESHOLD else 0, "binarized")


# 88: mean of the first and last tokens, broadcast.


def _program_88():
    length = sequence_length("c88_length")
    at_first = rasp.Select(rasp.indices, rasp.indices, lambda key, query: key == 0).named(
        "c88_select_first"
    )
    at_last = rasp.Select(rasp.indices, length, lambda key, query: key == query - 1).named(
        "c88_select_last"
    )
    first = rasp.Aggregate(at_first, rasp.tokens).named("c88_first")
    last = rasp.Aggregate(at_last, rasp.tokens).named("c88_last")
    return rasp.SequenceMap(lambda a, b: (a + b) / 2, first, last).named("mean_first_last")


def _reference_88(tokens):
    return [(tokens[0] + tokens[-1]) / 2] * len(tokens)


# 89 / 94: is the whole sequence non-decreasing / non-increasing (1 or 0, broadcast).


def _program_89():
    return _order_check("c89", lambda prev, cur: prev <= cur).named("is_increasing")


def _reference_89(tokens):
    return [_pairwise_ok(tokens, lambda a, b: a <= b)] * len(tokens)


def _program_90():
    return token_map(
        lambda x: _REPLACEMENT_TOKEN if x == _REPLACED_TOKEN else x, "replaced"
    )


def _reference_90(tokens):
    return [_REPLACEMENT_TOKEN if t == _REPLACED_TOKEN else t for t in tokens]


def _program_91():
    return token_map(lambda x: 0 if x < _ZERO_BELOW_THRESHOLD else x, "thresholded")


# 92: zero a token that is smaller than its left neighbour.


def _program_92():
    previous = _previous_token("c92")
    return rasp.SequenceMap(
        lambda x, prev: 0 if x < prev else x, rasp.tokens, previous
    ).named("zero_if_below_previous")


def _reference_92(tokens):
    return [0 if i > 0 and t < tokens[i - 1] else t for i, t in enumerate(tokens)]


# 93: swap the pairs (1, 2), (3, 4), ...; position 0 and an unpaired last odd position stay.


def _program_93():
    length = sequence_length("c93_length")

    def partner(i, n):
        if i % 2 == 1:
            return i + 1 if i + 1 < n else i
        return i - 1 if i >= 2 else i

    partner_index = rasp.SequenceMap(partner, rasp.indices, length).named("c93_partner_index")
    from_partner = rasp.Select(rasp.indices, partner_index, rasp.Comparison.EQ).named(
        "c93_select_partner"
    )
    return rasp.Aggregate(from_partner, rasp.tokens).named("odd_pairs_swapped")


def _reference_93(tokens):
    out = list(tokens)
    for i in range(1, len(out) - 1, 2):
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


def _program_94():
    return _order_check("c94", lambda prev, cur: prev >= cur).named("is_descending")


def _reference_94(tokens):
    return [_pairwise_ok(tokens, lambda a, b: a >= b)] * len(tokens)


def _program_95():
    def n_prime_factors(x):
        count, p = 0, 2
        while x > 1 and p <= x:
            if x % p == 0:
                count += 1
                while x % p == 0:
                    x //= p
            p += 1
        return count

    return token_map(n_prime_factors, "distinct_prime_factors")


# 96: keep a token's first occurrence, zero the repeats.


def _program_96():
    token_and_index = rasp.SequenceMap(
        lambda x, i: (x, i), rasp.tokens, rasp.indices
    ).named("c96_token_and_index")
    earlier_same = rasp.Select(
        token_and_index,
        token_and_index,
        lambda key, query: key[0] == query[0] and key[1] < query[1],
    ).named("c96_select_earlier_same")
    n_earlier = rasp.SelectorWidth(earlier_same).named("c96_n_earlier_same")
    return rasp.SequenceMap(
        lambda x, n: x if n == 0 else 0, rasp.tokens, n_earlier
    ).named("repeats_zeroed")


def _reference_96(tokens):
    return [t if t not in tokens[:i] else 0 for i, t in enumerate(tokens)]


# 97: divide by the maximum (all-zero input -> zeros).


def _program_97():
    maximum = _maximum("c97")
    return rasp.SequenceMap(
        lambda x, m: x / m if m > 0 else 0, rasp.tokens, maximum
    ).named("scaled_by_max")


def _reference_97(tokens):
    top = max(tokens)
    return [t / top if top > 0 else 0 for t in tokens]


def _program_98():
    return _maximum("c98").named("max_everywhere")


def _reference_98(tokens):
    return [max(tokens)] * len(tokens)


# 99: add the right neighbour; the last token has none and stays as it is.


def _program_99():
    length = sequence_length("c99_length")
    # Position 0 is never anyone's right neighbour, so it doubles as the "no neighbour" slot:
    # the last position reads from it, and it offers 0 instead of its token.
    addend = rasp.SequenceMap(
        lambda x, i: 0 if i == 0 else x, rasp.tokens, rasp.indices
    ).named("c99_addend")
    neighbour_index = rasp.SequenceMap(
        lambda i, n: i + 1 if i + 1 < n else 0, rasp.indices, length
    ).named("c99_neighbour_index")
    from_neighbour = rasp.Select(rasp.indices, neighbour_index, rasp.Comparison.EQ).named(
        "c99_select_neighbour"
    )
    next_or_zero = rasp.Aggregate(from_neighbour, addend).named("c99_next_or_zero")
    return rasp.SequenceMap(lambda x, y: x + y, rasp.tokens, next_or_zero).named(
        "sum_with_next"
    )


def _reference_99(tokens):
    return [t + (tokens[i + 1] if i + 1 < len(tokens) else 0) for i, t in enumerate(tokens)]


# 100: swap the tokens at indices 0 and 1.


def _program_100():
    # The swap is written into the selector, not computed by a Map on indices: a component that
    # depends on position only is identical on clean and corrupted inputs, so no resample
    # ablation could ever show it matters.
    from_partner = rasp.Select(
        rasp.indices, rasp.indices, lambda key, query: key == {0: 1, 1: 0}.get(query, query)
    ).named("c100_select_partner")
    return rasp.Aggregate(from_partner, rasp.tokens).named("first_two_swapped")


def _reference_100(tokens):
    return [tokens[1], tokens[0]] + list(tokens[2:])


# --------------------------------------------------------------------------------------------

CASES = (
    CaseSpec(
        case_id="71",
        description="Each token divided by the number of tokens in the sequence.",
        build_program=_program_71,
        reference=_reference_71,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="72",
        description="Each token with its sign flipped.",
        build_program=_program_72,
        reference=lambda tokens: [-t for t in tokens],
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="73",
        description=f"Sine of each token (radians), rounded to {_DECIMALS} decimals.",
        build_program=_program_73,
        reference=_reference_73,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="74",
        description=(
            "Even positions keep their token; the tokens at odd positions are written back "
            "into the odd positions in reverse order."
        ),
        build_program=_program_74,
        reference=_reference_74,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="75",
        description="Each token multiplied by two.",
        build_program=_program_75,
        reference=lambda tokens: [2 * t for t in tokens],
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="76",
        description="Tokens at even (0-based) positions become 0; odd positions keep theirs.",
        build_program=_program_76,
        reference=_reference_76,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="77",
        description=f"Tangent of each token (radians), rounded to {_DECIMALS} decimals.",
        build_program=_program_77,
        reference=_reference_77,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="78",
        description="How many times each position's token occurs in the whole sequence.",
        build_program=_program_78,
        reference=_reference_78,
        vocab=frozenset("abcde"),
        causal=False,
    ),
    CaseSpec(
        case_id="79",
        description="1 where the token is a prime number, else 0.",
        build_program=_program_79,
        reference=lambda tokens: [_is_prime(t) for t in tokens],
        vocab=_NUMBER_THEORY_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="80",
        description=f"Each token minus the constant {_SUBTRACTED_CONSTANT}.",
        build_program=_program_80,
        reference=lambda tokens: [t - _SUBTRACTED_CONSTANT for t in tokens],
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="81",
        description=(
            "Median of all tokens at every position (mean of the two middle values when the "
            "length is even)."
        ),
        build_program=_program_81,
        reference=_reference_81,
        vocab=frozenset(range(0, 6)),  # one fewer than _SMALL_INTS: the sort keys are pairs
        causal=False,
    ),
    CaseSpec(
        case_id="82",
        description="Tokens at positions length // 2 and later are halved; earlier ones stay.",
        build_program=_program_82,
        reference=_reference_82,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="83",
        description="Each token multiplied by three.",
        build_program=_program_83,
        reference=lambda tokens: [3 * t for t in tokens],
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="84",
        description=f"Arctangent of each token (radians), rounded to {_DECIMALS} decimals.",
        build_program=_program_84,
        reference=_reference_84,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="85",
        description="Each token squared.",
        build_program=_program_85,
        reference=lambda tokens: [t**2 for t in tokens],
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="86",
        description="1 where the token is a power of two (1, 2, 4, 8, ...), else 0.",
        build_program=_program_86,
        reference=lambda tokens: [_is_power_of_two(t) for t in tokens],
        vocab=_NUMBER_THEORY_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="87",
        description=f"1 where the token is at least {_BINARIZE_THRESHOLD}, else 0.",
        build_program=_program_87,
        reference=lambda tokens: [int(t >= _BINARIZE_THRESHOLD) for t in tokens],
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="88",
        description="Mean of the first and the last token, at every position.",
        build_program=_program_88,
        reference=_reference_88,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="89",
        description=(
            "1 at every position when each token is >= the one before it (non-decreasing), "
            "else 0."
        ),
        build_program=_program_89,
        reference=_reference_89,
        vocab=_TEN_INTS,
        causal=False,
        max_seq_len=11,
    ),
    CaseSpec(
        case_id="90",
        description=(
            f"Every {_REPLACED_TOKEN} is replaced by {_REPLACEMENT_TOKEN}; other tokens are "
            "copied."
        ),
        build_program=_program_90,
        reference=_reference_90,
        vocab=_SMALL_INTS,
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="91",
        description=f"Tokens below {_ZERO_BELOW_THRESHOLD} become 0; the others are copied.",
        build_program=_program_91,
        reference=lambda tokens: [0 if t < _ZERO_BELOW_THRESHOLD else t for t in tokens],
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="92",
        description="A token smaller than the token before it becomes 0; others are copied.",
        build_program=_program_92,
        reference=_reference_92,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="93",
        description=(
            "Swaps the tokens at positions 1 and 2, 3 and 4, ...; position 0 and an unpaired "
            "last position keep theirs."
        ),
        build_program=_program_93,
        reference=_reference_93,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="94",
        description=(
            "1 at every position when each token is <= the one before it (non-increasing), "
            "else 0."
        ),
        build_program=_program_94,
        reference=_reference_94,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="95",
        description="Number of distinct prime factors of each token (0 for 0 and 1).",
        build_program=_program_95,
        reference=lambda tokens: [_distinct_prime_factors(t) for t in tokens],
        vocab=_NUMBER_THEORY_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="96",
        description="First occurrence of each token is kept; later repeats become 0.",
        build_program=_program_96,
        reference=_reference_96,
        vocab=frozenset(range(1, 7)),
        causal=False,
    ),
    CaseSpec(
        case_id="97",
        description="Each token divided by the largest token (all zeros when the maximum is 0).",
        build_program=_program_97,
        reference=_reference_97,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="98",
        description="The largest token of the sequence, at every position.",
        build_program=_program_98,
        reference=_reference_98,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="99",
        description="Each token plus the token after it; the last token has none and is copied.",
        build_program=_program_99,
        reference=_reference_99,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="100",
        description="The tokens at positions 0 and 1 swap places; the rest are copied.",
        build_program=_program_100,
        reference=_reference_100,
        vocab=_TEN_INTS,
        causal=False,
        max_seq_len=11,
        released=Released.NO,
    ),
)
