"""Cases 40-70: the first block of TracrBench programs (ids match upstream's).

Every program here is categorical. Most are a single lookup-table Map on the token; the rest move
or count tokens with attention (first/second element, mirror, sort, rank, counts, length).
Vocabularies are kept small so the compiled MLPs stay small; math functions round their result to
a fixed number of decimals inside the Map so the output value set is finite and exact.
"""

from __future__ import annotations

import math

from tracr.rasp import rasp

from interpbench_harness.cases.rasp_blocks import sequence_length, token_map
from interpbench_harness.cases.spec import CaseSpec, Released

# Small integer vocabularies shared by several cases.
_SMALL_INTS = frozenset(range(0, 6))  # 0..5
_SIGNED_INTS = frozenset(range(-3, 4))  # -3..3
_MOD3_INTS = frozenset(range(0, 9))  # 0..8: every residue mod 3 appears three times


# --------------------------------------------------------------------------------------------
# Shared building blocks (each call builds fresh SOps, so labels never clash across programs).


# Plain-Python helpers used by the references (written independently of the programs).


def _fib(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


def _is_fibonacci(x: int) -> int:
    a, b = 0, 1
    while a < x:
        a, b = b, a + b
    return 1 if a == x else 0


def _signed_cube_root(x: float) -> float:
    return math.copysign(abs(x) ** (1.0 / 3.0), x)


# --------------------------------------------------------------------------------------------
# 40: digit sum of a two-digit number.


def _program_40():
    tens = rasp.Map(lambda x: x // 10, rasp.tokens).named("tens_digit")
    ones = rasp.Map(lambda x: x % 10, rasp.tokens).named("ones_digit")
    return rasp.SequenceMap(lambda t, o: t + o, tens, ones).named("digit_sum")


def _reference_40(tokens):
    return [sum(int(d) for d in str(t)) for t in tokens]


# 41: absolute value.


def _program_41():
    return token_map(lambda x: -x if x < 0 else x, "absolute_value")


def _reference_41(tokens):
    return [abs(t) for t in tokens]


# 42: broadcast the first token.


def _program_42():
    at_start = rasp.Select(rasp.indices, rasp.indices, lambda k, q: k == 0).named(
        "select_first_position"
    )
    return rasp.Aggregate(at_start, rasp.tokens).named("first_token")


def _reference_42(tokens):
    return [tokens[0]] * len(tokens)


# 43: n-th Fibonacci number.


def _program_43():
    table = [0, 1]
    while len(table) < 16:
        table.append(table[-1] + table[-2])
    return token_map(lambda n: table[n], "fibonacci_of_token")


def _reference_43(tokens):
    return [_fib(t) for t in tokens]


# 44: how many tokens are strictly greater than this one.


def _program_44():
    bigger = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.GT).named("select_greater")
    return rasp.SelectorWidth(bigger).named("count_greater")


def _reference_44(tokens):
    return [sum(other > t for other in tokens) for t in tokens]


# 45: double the tokens in the first half.


def _program_45():
    length = sequence_length("dbl_length")
    in_first_half = rasp.SequenceMap(lambda i, n: 2 * i < n, rasp.indices, length).named(
        "in_first_half"
    )
    return rasp.SequenceMap(
        lambda x, first: 2 * x if first else x, rasp.tokens, in_first_half
    ).named("double_first_half")


def _reference_45(tokens):
    n = len(tokens)
    return [2 * t if i < n / 2 else t for i, t in enumerate(tokens)]


# 46: decrement.


def _program_46():
    return token_map(lambda x: x - 1, "decrement")


def _reference_46(tokens):
    return [t - 1 for t in tokens]


# 47: frequency of each token in the whole input.


def _program_47():
    same = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.EQ).named("select_same_token")
    return rasp.SelectorWidth(same).named("token_frequency")


def _reference_47(tokens):
    return [tokens.count(t) for t in tokens]


# 48: add the position index.


def _program_48():
    return rasp.SequenceMap(lambda x, i: x + i, rasp.tokens, rasp.indices).named("token_plus_index")


def _reference_48(tokens):
    return [t + i for i, t in enumerate(tokens)]


# 49: round down to a multiple of 3.


def _program_49():
    return token_map(lambda x: 3 * (x // 3), "down_to_multiple_of_3")


def _reference_49(tokens):
    out = []
    for t in tokens:
        while t % 3:
            t -= 1
        out.append(t)
    return out


# 50: hyperbolic cosine.


def _program_50():
    return token_map(lambda x: round(math.cosh(x), 2), "cosh")


def _reference_50(tokens):
    return [round((math.exp(t) + math.exp(-t)) / 2, 2) for t in tokens]


# 51: Fibonacci membership.


def _program_51():
    fibs = {0, 1}
    a, b = 1, 2
    while b <= 1000:
        fibs.add(b)
        a, b = b, a + b
    return token_map(lambda x: 1 if x in fibs else 0, "is_fibonacci")


def _reference_51(tokens):
    return [_is_fibonacci(t) for t in tokens]


# 52: square root.


def _program_52():
    return token_map(lambda x: round(math.sqrt(x), 3), "square_root")


def _reference_52(tokens):
    return [round(t**0.5, 3) for t in tokens]


# 53: +1 at odd positions.


def _program_53():
    return rasp.SequenceMap(lambda x, i: x + (i % 2), rasp.tokens, rasp.indices).named(
        "increment_odd_positions"
    )


def _reference_53(tokens):
    return [t + 1 if i % 2 == 1 else t for i, t in enumerate(tokens)]


# 54: hyperbolic tangent.


def _program_54():
    return token_map(lambda x: round(math.tanh(x), 3), "tanh")


def _reference_54(tokens):
    return [round((math.exp(2 * t) - 1) / (math.exp(2 * t) + 1), 3) for t in tokens]


# 55: hyperbolic sine.


def _program_55():
    return token_map(lambda x: round(math.sinh(x), 2), "sinh")


def _reference_55(tokens):
    return [round((math.exp(t) - math.exp(-t)) / 2, 2) for t in tokens]


# 56: zero every third token (1-based positions 3, 6, 9, ...).


def _program_56():
    return rasp.SequenceMap(lambda x, i: 0 if i % 3 == 2 else x, rasp.tokens, rasp.indices).named(
        "zero_every_third"
    )


def _reference_56(tokens):
    return [0 if (i + 1) % 3 == 0 else t for i, t in enumerate(tokens)]


# 57: broadcast the second token.


def _program_57():
    at_second = rasp.Select(rasp.indices, rasp.indices, lambda k, q: k == 1).named(
        "select_second_position"
    )
    return rasp.Aggregate(at_second, rasp.tokens).named("second_token")


def _reference_57(tokens):
    return [tokens[1]] * len(tokens)


# 58: mirror the first half onto the second half.


def _program_58():
    length = sequence_length("mirror_length")
    source = rasp.SequenceMap(lambda i, n: min(i, n - 1 - i), rasp.indices, length).named(
        "mirror_source"
    )
    pick = rasp.Select(rasp.indices, source, rasp.Comparison.EQ).named("select_mirror_source")
    return rasp.Aggregate(pick, rasp.tokens).named("mirrored")


def _reference_58(tokens):
    n = len(tokens)
    half = n // 2
    return list(tokens[:half]) + [tokens[n - 1 - i] for i in range(half, n)]


# 59: sort ascending (duplicates kept, stable).


def _program_59():
    key = rasp.SequenceMap(lambda x, i: (x, i), rasp.tokens, rasp.indices).named("sort_key")
    before = rasp.Select(key, key, rasp.Comparison.LT).named("select_sorts_before")
    target = rasp.SelectorWidth(before).named("sorted_position")
    place = rasp.Select(target, rasp.indices, rasp.Comparison.EQ).named("select_sorted_source")
    return rasp.Aggregate(place, rasp.tokens).named("sorted_tokens")


def _reference_59(tokens):
    return sorted(tokens)


# 60: increment.


def _program_60():
    return token_map(lambda x: x + 1, "increment")


def _reference_60(tokens):
    return [t + 1 for t in tokens]


# 61: rank by size (1 = smallest; equal tokens share the lowest rank).


def _program_61():
    smaller = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.LT).named("select_smaller")
    n_smaller = rasp.SelectorWidth(smaller).named("count_smaller")
    return rasp.Map(lambda c: c + 1, n_smaller).named("rank")


def _reference_61(tokens):
    ordered = sorted(tokens)
    return [ordered.index(t) + 1 for t in tokens]  # index of first occurrence = count smaller


# 62: factorial.


def _program_62():
    table = {n: math.prod(range(1, n + 1)) for n in range(0, 12)}
    return token_map(lambda x: table[x], "factorial")


def _reference_62(tokens):
    return [math.factorial(t) for t in tokens]


# 63: how many tokens are strictly smaller than this one.


def _program_63():
    smaller = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.LT).named("select_less")
    return rasp.SelectorWidth(smaller).named("count_less")


def _reference_63(tokens):
    return [sum(other < t for other in tokens) for t in tokens]


# 64: cube.


def _program_64():
    return token_map(lambda x: x * x * x, "cube")


def _reference_64(tokens):
    return [t**3 for t in tokens]


# 65: real cube root.


def _program_65():
    def cube_root(x):
        r = abs(x) ** (1.0 / 3.0)
        return round(-r if x < 0 else r, 3)

    return token_map(cube_root, "cube_root")


def _reference_65(tokens):
    return [round(_signed_cube_root(t), 3) for t in tokens]


# 66: round to the nearest integer (halves round up).


def _program_66():
    return token_map(lambda x: int(math.floor(x + 0.5)), "round_half_up")


def _reference_66(tokens):
    out = []
    for t in tokens:
        whole = int(t // 1)
        out.append(whole + 1 if t - whole >= 0.5 else whole)
    return out


# 67: multiply by the sequence length.


def _program_67():
    length = sequence_length("scale_length")
    return rasp.SequenceMap(lambda x, n: x * n, rasp.tokens, length).named("times_length")


def _reference_67(tokens):
    return [t * len(tokens) for t in tokens]


# 68: round up to a multiple of 3.


def _program_68():
    return token_map(lambda x: x + (-x) % 3, "up_to_multiple_of_3")


def _reference_68(tokens):
    out = []
    for t in tokens:
        while t % 3:
            t += 1
        out.append(t)
    return out


# 69: sign.


def _program_69():
    return token_map(lambda x: (x > 0) - (x < 0), "sign")


def _reference_69(tokens):
    return [1 if t > 0 else (-1 if t < 0 else 0) for t in tokens]


# 70: cosine.


def _program_70():
    return token_map(lambda x: round(math.cos(x), 3), "cosine")


def _reference_70(tokens):
    return [round(math.cos(t), 3) for t in tokens]


# --------------------------------------------------------------------------------------------

CASES = (
    CaseSpec(
        case_id="40",
        description="Adds the tens digit and the ones digit of each (two-digit) number token.",
        build_program=_program_40,
        reference=_reference_40,
        vocab=frozenset({0, 7, 12, 15, 19, 21, 26, 29}),
        causal=True,
    ),
    CaseSpec(
        case_id="41",
        description="Replaces each number with its absolute value.",
        build_program=_program_41,
        reference=_reference_41,
        vocab=_SIGNED_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="42",
        description="Writes the first token of the input at every position.",
        build_program=_program_42,
        reference=_reference_42,
        vocab=frozenset("abcde"),
        causal=True,
    ),
    CaseSpec(
        case_id="43",
        description="Replaces each number n with the n-th Fibonacci number (F0 = 0, F1 = 1).",
        build_program=_program_43,
        reference=_reference_43,
        vocab=frozenset(range(0, 8)),
        causal=True,
    ),
    CaseSpec(
        case_id="44",
        description="At each position, counts the input tokens strictly greater than it.",
        build_program=_program_44,
        reference=_reference_44,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="45",
        description="Doubles the numbers at positions i with i < length/2 and keeps the rest.",
        build_program=_program_45,
        reference=_reference_45,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="46",
        description="Subtracts one from each number.",
        build_program=_program_46,
        reference=_reference_46,
        vocab=_SMALL_INTS,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="47",
        description="At each position, the number of times its token occurs in the whole input.",
        build_program=_program_47,
        reference=_reference_47,
        vocab=frozenset("abcde"),
        causal=False,
    ),
    CaseSpec(
        case_id="48",
        description="Adds each token's position index (0-based) to the number.",
        build_program=_program_48,
        reference=_reference_48,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="49",
        description="Lowers each number to the largest multiple of 3 not above it.",
        build_program=_program_49,
        reference=_reference_49,
        vocab=_MOD3_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="50",
        description="Hyperbolic cosine of each number, rounded to 2 decimals.",
        build_program=_program_50,
        reference=_reference_50,
        vocab=_SIGNED_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="51",
        description="Outputs 1 where the number is a Fibonacci number, else 0.",
        build_program=_program_51,
        reference=_reference_51,
        vocab=frozenset({1, 2, 4, 5, 6, 8, 10, 13}),
        causal=True,
    ),
    CaseSpec(
        case_id="52",
        description="Square root of each number, rounded to 3 decimals.",
        build_program=_program_52,
        reference=_reference_52,
        vocab=frozenset({0, 1, 2, 3, 4, 5, 9}),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="53",
        description="Adds one to the numbers at odd (0-based) positions; even positions unchanged.",
        build_program=_program_53,
        reference=_reference_53,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="54",
        description="Hyperbolic tangent of each number, rounded to 3 decimals.",
        build_program=_program_54,
        reference=_reference_54,
        vocab=_SIGNED_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="55",
        description="Hyperbolic sine of each number, rounded to 2 decimals.",
        build_program=_program_55,
        reference=_reference_55,
        vocab=_SIGNED_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="56",
        description="Sets the 3rd, 6th, 9th, ... number (1-based) to 0 and keeps the others.",
        build_program=_program_56,
        reference=_reference_56,
        vocab=frozenset(range(1, 6)),
        causal=True,
    ),
    CaseSpec(
        case_id="57",
        description="Writes the second token of the input at every position.",
        build_program=_program_57,
        reference=_reference_57,
        vocab=frozenset("abcde"),
        causal=False,
    ),
    CaseSpec(
        case_id="58",
        description=(
            "Keeps the first floor(n/2) numbers and fills the rest with the first half reversed: "
            "position i reads position min(i, n-1-i)."
        ),
        build_program=_program_58,
        reference=_reference_58,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="59",
        description="Sorts the numbers in ascending order, keeping duplicates.",
        build_program=_program_59,
        reference=_reference_59,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="60",
        description="Adds one to each number.",
        build_program=_program_60,
        reference=_reference_60,
        vocab=_SMALL_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="61",
        description="Rank of each number: 1 + how many input numbers are smaller (ties share).",
        build_program=_program_61,
        reference=_reference_61,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="62",
        description="Replaces each number with its factorial.",
        build_program=_program_62,
        reference=_reference_62,
        vocab=frozenset(range(0, 7)),
        causal=True,
    ),
    CaseSpec(
        case_id="63",
        description="At each position, counts the input tokens strictly smaller than it.",
        build_program=_program_63,
        reference=_reference_63,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="64",
        description="Cubes each number.",
        build_program=_program_64,
        reference=_reference_64,
        vocab=_SIGNED_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="65",
        description="Real cube root of each number, rounded to 3 decimals.",
        build_program=_program_65,
        reference=_reference_65,
        vocab=frozenset({-8, -1, 0, 1, 2, 8, 10, 27}),
        causal=True,
    ),
    CaseSpec(
        case_id="66",
        description="Rounds each decimal number to the nearest integer, halves rounding up.",
        build_program=_program_66,
        reference=_reference_66,
        vocab=frozenset({0.0, 0.25, 0.5, 0.75, 1.5, 2.25, 2.5, 3.75}),
        causal=True,
    ),
    CaseSpec(
        case_id="67",
        description="Multiplies each number by the number of tokens in the input.",
        build_program=_program_67,
        reference=_reference_67,
        vocab=_SMALL_INTS,
        causal=False,
    ),
    CaseSpec(
        case_id="68",
        description="Raises each number to the smallest multiple of 3 not below it.",
        build_program=_program_68,
        reference=_reference_68,
        vocab=_MOD3_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="69",
        description="Sign of each number: -1 if negative, 0 if zero, 1 if positive.",
        build_program=_program_69,
        reference=_reference_69,
        vocab=_SIGNED_INTS,
        causal=True,
    ),
    CaseSpec(
        case_id="70",
        description="Cosine (radians) of each number, rounded to 3 decimals.",
        build_program=_program_70,
        reference=_reference_70,
        vocab=_SMALL_INTS,
        causal=True,
    ),
)
