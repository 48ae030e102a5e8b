"""Cases 101-131: the last block of TracrBench programs (ids match upstream's).

Every case here is categorical. Each program is written so that every intermediate value is defined
at every position (no None from an empty selection), and every categorical Aggregate selects exactly
one position. Math functions round to a fixed number of decimals inside the Map so that the output
value set is finite and exact. The `_reference_<id>` functions are written from the task wording in
plain Python, independently of the RASP programs, and serve as their test oracles.

Where a task's wording leaves an edge case open, the choice is stated in the case's description or
in a comment beside its program.
"""

from __future__ import annotations

import math

from tracr.rasp import rasp

from interpbench_harness.cases.rasp_blocks import sequence_length
from interpbench_harness.cases.spec import CaseSpec, Released

_LOW, _HIGH = 2, 7  # the default range of cases 102, 107 and 130
_DECIMALS = 4  # rounding of the math-function cases (104, 114, 121, 123)


# ---------------------------------------------------------------------------------------------
# Shared building blocks. Each takes the names to give its SOps, so one program never holds two
# expressions with the same label.
# ---------------------------------------------------------------------------------------------


def _token_at(index, name):
    """The token at a fixed position `index`, copied to every position."""
    sel = rasp.Select(rasp.indices, rasp.indices, lambda k, q: k == index).named(f"{name}_sel")
    return rasp.Aggregate(sel, rasp.tokens).named(name)


def _gather(src_index, name, sop=rasp.tokens):
    """Position i receives `sop` at position `src_index[i]` (src_index must be a valid index)."""
    sel = rasp.Select(rasp.indices, src_index, rasp.Comparison.EQ).named(f"{name}_sel")
    return rasp.Aggregate(sel, sop).named(name)


def _previous_or_self(name, sop=rasp.tokens):
    """`sop` at position i-1; position 0 receives its own value. Works under causal masking."""
    sel = rasp.Select(
        rasp.indices, rasp.indices, lambda k, q: k == q - 1 or (q == 0 and k == 0)
    ).named(f"{name}_sel")
    return rasp.Aggregate(sel, sop).named(name)


def _next_or_self(length, name, sop=rasp.tokens):
    """`sop` at position i+1; the last position receives its own value."""
    nxt = rasp.SequenceMap(lambda i, n: i + 1 if i + 1 < n else i, rasp.indices, length).named(
        f"{name}_index"
    )
    return _gather(nxt, name, sop)


def _all_same(sop, name):
    """1 at every position if `sop` holds one value at all positions, else 0.

    The number of positions whose value differs from position i's is 0 exactly when every value
    equals it, which is the same test at every position.
    """
    differ = rasp.Select(sop, sop, rasp.Comparison.NEQ).named(f"{name}_differ")
    n_differ = rasp.SelectorWidth(differ).named(f"{name}_n_differ")
    return rasp.Map(lambda c: 1 if c == 0 else 0, n_differ).named(name)


def _round(x):
    return round(x, _DECIMALS)


# ---------------------------------------------------------------------------------------------
# 101: perfect squares
# ---------------------------------------------------------------------------------------------


def _program_101():
    return rasp.Map(lambda x: 1 if math.isqrt(x) ** 2 == x else 0, rasp.tokens).named("is_square")


def _reference_101(tokens):
    squares = {k * k for k in range(0, 100)}
    return [1 if t in squares else 0 for t in tokens]


# ---------------------------------------------------------------------------------------------
# 102: reflect into [2, 7]
# ---------------------------------------------------------------------------------------------


def _reflect(x, low=_LOW, high=_HIGH):
    # Reflection is periodic with period 2 * (high - low); fold the offset into one period.
    width = high - low
    offset = (x - low) % (2 * width)
    return low + (offset if offset <= width else 2 * width - offset)


def _program_102():
    return rasp.Map(_reflect, rasp.tokens).named("reflect")


def _reference_102(tokens):
    out = []
    for t in tokens:
        x = t
        while not _LOW <= x <= _HIGH:  # bounce off whichever border was crossed
            x = 2 * _LOW - x if x < _LOW else 2 * _HIGH - x
        out.append(x)
    return out


# ---------------------------------------------------------------------------------------------
# 103: swap neighbouring pairs
# ---------------------------------------------------------------------------------------------


def _program_103():
    length = sequence_length("length")
    partner = rasp.SequenceMap(
        lambda i, n: (i + 1 if i + 1 < n else i) if i % 2 == 0 else i - 1, rasp.indices, length
    ).named("partner")
    return _gather(partner, "swapped")


def _reference_103(tokens):
    out = list(tokens)
    for i in range(0, len(tokens) - 1, 2):
        out[i], out[i + 1] = tokens[i + 1], tokens[i]
    return out


# ---------------------------------------------------------------------------------------------
# 104: exp
# ---------------------------------------------------------------------------------------------


def _program_104():
    return rasp.Map(lambda x: _round(math.exp(x)), rasp.tokens).named("exp")


def _reference_104(tokens):
    return [_round(math.exp(t)) for t in tokens]


# ---------------------------------------------------------------------------------------------
# 105: next prime strictly above
# ---------------------------------------------------------------------------------------------


def _is_prime(n):
    return n >= 2 and all(n % d for d in range(2, math.isqrt(n) + 1))


def _next_prime_above(n):
    candidate = n + 1
    while not _is_prime(candidate):
        candidate += 1
    return candidate


def _program_105():
    return rasp.Map(_next_prime_above, rasp.tokens).named("next_prime")


def _reference_105(tokens):
    limit = 2 * (max(tokens) + 2)
    sieve = [True] * (limit + 1)
    sieve[0] = sieve[1] = False
    for p in range(2, limit + 1):
        if sieve[p]:
            for m in range(p * p, limit + 1, p):
                sieve[m] = False
    primes = [p for p in range(limit + 1) if sieve[p]]
    return [min(p for p in primes if p > t) for t in tokens]


# ---------------------------------------------------------------------------------------------
# 106: keep only index 1
# ---------------------------------------------------------------------------------------------


def _program_106():
    return rasp.SequenceMap(lambda t, i: t if i == 1 else 0, rasp.tokens, rasp.indices).named(
        "keep_index_1"
    )


def _reference_106(tokens):
    return [t if i == 1 else 0 for i, t in enumerate(tokens)]


# ---------------------------------------------------------------------------------------------
# 107: wrap into [2, 7]
# ---------------------------------------------------------------------------------------------


def _program_107():
    period = _HIGH - _LOW + 1  # [2, 7] read as inclusive: six values
    return rasp.Map(lambda x: _LOW + (x - _LOW) % period, rasp.tokens).named("wrap")


def _reference_107(tokens):
    out = []
    for t in tokens:
        x = t
        while x > _HIGH:
            x -= _HIGH - _LOW + 1
        while x < _LOW:
            x += _HIGH - _LOW + 1
        out.append(x)
    return out


# ---------------------------------------------------------------------------------------------
# 108: any duplicate
# ---------------------------------------------------------------------------------------------


def _program_108():
    same = rasp.Select(rasp.tokens, rasp.tokens, rasp.Comparison.EQ).named("same_token")
    count = rasp.SelectorWidth(same).named("token_count")
    repeated = rasp.Select(count, count, lambda k, q: k >= 2).named("repeated")
    n_repeated = rasp.SelectorWidth(repeated).named("n_repeated")
    return rasp.Map(lambda c: 1 if c > 0 else 0, n_repeated).named("has_duplicate")


def _reference_108(tokens):
    answer = 1 if len(set(tokens)) < len(tokens) else 0
    return [answer] * len(tokens)


# ---------------------------------------------------------------------------------------------
# 109: last two equal
# ---------------------------------------------------------------------------------------------


def _program_109():
    length = sequence_length("length")
    last_sel = rasp.Select(rasp.indices, length, lambda k, n: k == n - 1).named("last_sel")
    last = rasp.Aggregate(last_sel, rasp.tokens).named("last")
    before_sel = rasp.Select(rasp.indices, length, lambda k, n: k == n - 2).named("before_sel")
    before = rasp.Aggregate(before_sel, rasp.tokens).named("before_last")
    return rasp.SequenceMap(lambda a, b: 1 if a == b else 0, last, before).named("last_two_equal")


def _reference_109(tokens):
    return [1 if tokens[-1] == tokens[-2] else 0] * len(tokens)


# ---------------------------------------------------------------------------------------------
# 110: interleave zeros, keeping the length
# ---------------------------------------------------------------------------------------------


def _program_110():
    # i // 2 sits in the selector: a Map on indices alone would be a position-only component,
    # identical on clean and corrupted inputs and so invisible to resample ablation.
    half = rasp.Select(rasp.indices, rasp.indices, lambda k, q: k == q // 2).named("spread_sel")
    spread = rasp.Aggregate(half, rasp.tokens).named("spread")
    return rasp.SequenceMap(lambda t, i: t if i % 2 == 0 else 0, spread, rasp.indices).named(
        "zeros_between"
    )


def _reference_110(tokens):
    out = []
    for t in tokens:
        out += [t, 0]
    return out[: len(tokens)]


# ---------------------------------------------------------------------------------------------
# 111: last element first, zeros after
# ---------------------------------------------------------------------------------------------


def _program_111():
    length = sequence_length("length")
    last_sel = rasp.Select(rasp.indices, length, lambda k, n: k == n - 1).named("last_sel")
    last = rasp.Aggregate(last_sel, rasp.tokens).named("last")
    return rasp.SequenceMap(lambda t, i: t if i == 0 else 0, last, rasp.indices).named(
        "last_then_zeros"
    )


def _reference_111(tokens):
    return [tokens[-1]] + [0] * (len(tokens) - 1)


# ---------------------------------------------------------------------------------------------
# 112: difference to the next element
# ---------------------------------------------------------------------------------------------


def _program_112():
    # The last position has no next element; like upstream it is paired with itself (gives 0).
    nxt = _next_or_self(sequence_length("length"), "next_token")
    return rasp.SequenceMap(lambda b, a: b - a, nxt, rasp.tokens).named("diff_to_next")


def _reference_112(tokens):
    return [tokens[i + 1] - tokens[i] for i in range(len(tokens) - 1)] + [0]


# ---------------------------------------------------------------------------------------------
# 113: reverse if sorted ascending
# ---------------------------------------------------------------------------------------------


def _program_113():
    length = sequence_length("length")
    prev = _previous_or_self("prev_token")
    in_order = rasp.SequenceMap(lambda p, t: 1 if p <= t else 0, prev, rasp.tokens).named(
        "in_order"
    )
    out_of_order = rasp.Select(in_order, in_order, lambda k, q: k == 0).named("out_of_order")
    n_out_of_order = rasp.SelectorWidth(out_of_order).named("n_out_of_order")
    mirror = rasp.SequenceMap(lambda i, n: n - 1 - i, rasp.indices, length).named("mirror_index")
    mirrored = _gather(mirror, "mirrored")
    both = rasp.SequenceMap(lambda m, t: (m, t), mirrored, rasp.tokens).named("mirrored_and_own")
    return rasp.SequenceMap(
        lambda bad, pair: pair[0] if bad == 0 else pair[1], n_out_of_order, both
    ).named("invert_if_sorted")


def _reference_113(tokens):
    tokens = list(tokens)
    return tokens[::-1] if tokens == sorted(tokens) else tokens


# ---------------------------------------------------------------------------------------------
# 114: log10
# ---------------------------------------------------------------------------------------------


def _program_114():
    return rasp.Map(lambda x: _round(math.log10(x)), rasp.tokens).named("log10")


def _reference_114(tokens):
    return [_round(math.log10(t)) for t in tokens]


# ---------------------------------------------------------------------------------------------
# 115: product with the next element
# ---------------------------------------------------------------------------------------------


def _program_115():
    # The last position has no next element; like upstream it is paired with itself (its square).
    nxt = _next_or_self(sequence_length("length"), "next_token")
    return rasp.SequenceMap(lambda a, b: a * b, rasp.tokens, nxt).named("product_with_next")


def _reference_115(tokens):
    return [tokens[i] * tokens[i + 1] for i in range(len(tokens) - 1)] + [tokens[-1] ** 2]


# ---------------------------------------------------------------------------------------------
# 116: multiple of the first element
# ---------------------------------------------------------------------------------------------


def _program_116():
    first = _token_at(0, "first")
    return rasp.SequenceMap(lambda t, f: 1 if t % f == 0 else 0, rasp.tokens, first).named(
        "multiple_of_first"
    )


def _reference_116(tokens):
    return [1 if any(tokens[0] * k == t for k in range(t + 1)) else 0 for t in tokens]


# ---------------------------------------------------------------------------------------------
# 117: sum of the last two elements
# ---------------------------------------------------------------------------------------------


def _program_117():
    length = sequence_length("length")
    last_sel = rasp.Select(rasp.indices, length, lambda k, n: k == n - 1).named("last_sel")
    last = rasp.Aggregate(last_sel, rasp.tokens).named("last")
    before_sel = rasp.Select(rasp.indices, length, lambda k, n: k == n - 2).named("before_sel")
    before = rasp.Aggregate(before_sel, rasp.tokens).named("before_last")
    return rasp.SequenceMap(lambda a, b: a + b, last, before).named("sum_last_two")


def _reference_117(tokens):
    return [sum(tokens[-2:])] * len(tokens)


# ---------------------------------------------------------------------------------------------
# 118: sum with the previous element
# ---------------------------------------------------------------------------------------------


def _program_118():
    # Position 0 has no previous element and keeps its value. The shift hands position 0 its own
    # token, so its sum is twice the token: halve it back there.
    prev = _previous_or_self("prev_token")
    total = rasp.SequenceMap(lambda a, b: a + b, rasp.tokens, prev).named("with_prev")
    return rasp.SequenceMap(lambda s, i: s // 2 if i == 0 else s, total, rasp.indices).named(
        "sum_with_prev"
    )


def _reference_118(tokens):
    return [t + (tokens[i - 1] if i > 0 else 0) for i, t in enumerate(tokens)]


# ---------------------------------------------------------------------------------------------
# 119: polynomial evaluation
# ---------------------------------------------------------------------------------------------


def _program_119():
    # Tokens [x, a_1, ..., a_m] give a_1 * x^(m-1) + ... + a_m (leading coefficient first), by
    # Horner's rule. With max_seq_len 5 there are 3 or 4 tokens: m is 2 or 3.
    length = sequence_length("length")
    x = _token_at(0, "x")
    a1 = _token_at(1, "coef_1")
    a2 = _token_at(2, "coef_2")
    # The third coefficient exists only for 4 tokens; otherwise read any valid position and mask.
    a3_sel = rasp.Select(rasp.indices, length, lambda k, n: k == min(3, n - 1)).named("coef_3_sel")
    a3_raw = rasp.Aggregate(a3_sel, rasp.tokens).named("coef_3_raw")
    a3 = rasp.SequenceMap(lambda a, n: a if n == 4 else 0, a3_raw, length).named("coef_3")
    step_x = rasp.SequenceMap(lambda xv, n: xv if n == 4 else 1, x, length).named("last_step_x")
    h1 = rasp.SequenceMap(lambda a, xv: a * xv, a1, x).named("horner_1")
    h2 = rasp.SequenceMap(lambda h, a: h + a, h1, a2).named("horner_2")
    h3 = rasp.SequenceMap(lambda h, s: h * s, h2, step_x).named("horner_3")
    return rasp.SequenceMap(lambda h, a: h + a, h3, a3).named("polynomial")


def _reference_119(tokens):
    x, coefs = tokens[0], tokens[1:]
    degree = len(coefs) - 1
    value = sum(c * x ** (degree - j) for j, c in enumerate(coefs))
    return [value] * len(tokens)


# ---------------------------------------------------------------------------------------------
# 120: swap the two halves
# ---------------------------------------------------------------------------------------------


def _flip_source(i, n):
    half = n // 2  # for odd n the middle element stays where it is
    if i < half:
        return i + n - half
    if i >= n - half:
        return i - (n - half)
    return i


def _program_120():
    src = rasp.SequenceMap(_flip_source, rasp.indices, sequence_length("length")).named("flip_source")
    return _gather(src, "halves_flipped")


def _reference_120(tokens):
    tokens = list(tokens)
    k = len(tokens) // 2
    return tokens[len(tokens) - k :] + tokens[k : len(tokens) - k] + tokens[:k]


# ---------------------------------------------------------------------------------------------
# 121, 123: arcsine / arccosine
# ---------------------------------------------------------------------------------------------


def _program_121():
    return rasp.Map(lambda x: _round(math.asin(x)), rasp.tokens).named("arcsin")


def _reference_121(tokens):
    return [_round(math.asin(t)) for t in tokens]


def _program_123():
    return rasp.Map(lambda x: _round(math.acos(x)), rasp.tokens).named("arccos")


def _reference_123(tokens):
    return [_round(math.acos(t)) for t in tokens]


# ---------------------------------------------------------------------------------------------
# 122: divisible by 3
# ---------------------------------------------------------------------------------------------


def _program_122():
    return rasp.Map(lambda x: 1 if x % 3 == 0 else 0, rasp.tokens).named("divisible_by_3")


def _reference_122(tokens):
    return [0 if t % 3 else 1 for t in tokens]


# ---------------------------------------------------------------------------------------------
# 124: all equal
# ---------------------------------------------------------------------------------------------


def _program_124():
    return _all_same(rasp.tokens, "all_equal")


def _reference_124(tokens):
    return [1 if len(set(tokens)) == 1 else 0] * len(tokens)


# ---------------------------------------------------------------------------------------------
# 125: alternating parity
# ---------------------------------------------------------------------------------------------


def _program_125():
    # Parities alternate exactly when (token + index) has the same parity at every position.
    phase = rasp.SequenceMap(lambda t, i: (t + i) % 2, rasp.tokens, rasp.indices).named("phase")
    return _all_same(phase, "alternating_parity")


def _reference_125(tokens):
    ok = all(tokens[i] % 2 != tokens[i + 1] % 2 for i in range(len(tokens) - 1))
    return [1 if ok else 0] * len(tokens)


# ---------------------------------------------------------------------------------------------
# 126: median
# ---------------------------------------------------------------------------------------------


def _program_126():
    length = sequence_length("length")
    # (token, index) pairs are distinct, so their rank is a permutation of 0..n-1.
    key = rasp.SequenceMap(lambda t, i: (t, i), rasp.tokens, rasp.indices).named("sort_key")
    below = rasp.Select(key, key, rasp.Comparison.LT).named("ranked_below")
    rank = rasp.SelectorWidth(below).named("rank")
    mid_lo = rasp.Map(lambda n: (n - 1) // 2, length).named("mid_lo")
    mid_hi = rasp.Map(lambda n: n // 2, length).named("mid_hi")
    lo_sel = rasp.Select(rank, mid_lo, rasp.Comparison.EQ).named("lo_sel")
    lo = rasp.Aggregate(lo_sel, rasp.tokens).named("lower_middle")
    hi_sel = rasp.Select(rank, mid_hi, rasp.Comparison.EQ).named("hi_sel")
    hi = rasp.Aggregate(hi_sel, rasp.tokens).named("upper_middle")
    return rasp.SequenceMap(lambda a, b: (a + b) / 2, lo, hi).named("median")


def _reference_126(tokens):
    s = sorted(tokens)
    n = len(s)
    m = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    return [m] * n


# ---------------------------------------------------------------------------------------------
# 127: divide by first / second
# ---------------------------------------------------------------------------------------------


def _program_127():
    # Divisor = first / second; when either is 0 the sequence is returned unchanged (divisor 1).
    first = _token_at(0, "first")
    second = _token_at(1, "second")
    divisor = rasp.SequenceMap(lambda a, b: a / b if a != 0 and b != 0 else 1, first, second).named(
        "divisor"
    )
    return rasp.SequenceMap(lambda t, d: round(t / d, 3), rasp.tokens, divisor).named("divided")


def _reference_127(tokens):
    a, b = tokens[0], tokens[1]
    if a == 0 or b == 0:
        return [round(t / 1, 3) for t in tokens]
    return [round(t / (a / b), 3) for t in tokens]


# ---------------------------------------------------------------------------------------------
# 128: swap first and last
# ---------------------------------------------------------------------------------------------


def _program_128():
    src = rasp.SequenceMap(
        lambda i, n: n - 1 if i == 0 else (0 if i == n - 1 else i), rasp.indices, sequence_length("length")
    ).named("swap_source")
    return _gather(src, "ends_swapped")


def _reference_128(tokens):
    out = list(tokens)
    out[0], out[-1] = tokens[-1], tokens[0]
    return out


# ---------------------------------------------------------------------------------------------
# 129: all multiples of 2
# ---------------------------------------------------------------------------------------------


def _program_129(n=2):
    not_multiple = rasp.Select(rasp.tokens, rasp.tokens, lambda k, q: k % n != 0).named(
        "not_multiple"
    )
    count = rasp.SelectorWidth(not_multiple).named("n_not_multiple")
    return rasp.Map(lambda c: 1 if c == 0 else 0, count).named("all_multiples")


def _reference_129(tokens):
    return [1 if all(t / 2 == t // 2 for t in tokens) else 0] * len(tokens)


# ---------------------------------------------------------------------------------------------
# 130: clip into [2, 7]
# ---------------------------------------------------------------------------------------------


def _program_130():
    return rasp.Map(lambda x: min(max(x, _LOW), _HIGH), rasp.tokens).named("clip")


def _reference_130(tokens):
    return [_LOW if t < _LOW else _HIGH if t > _HIGH else t for t in tokens]


# ---------------------------------------------------------------------------------------------
# 131: running pairwise max
# ---------------------------------------------------------------------------------------------


def _program_131():
    prev = _previous_or_self("prev_token")  # position 0 sees itself, so it keeps its value
    return rasp.SequenceMap(max, rasp.tokens, prev).named("max_with_prev")


def _reference_131(tokens):
    out = []
    for i, t in enumerate(tokens):
        out.append(t if i == 0 or t >= tokens[i - 1] else tokens[i - 1])
    return out


_SMALL_INTS = frozenset(range(0, 6))
_DIGITS = frozenset(range(0, 10))
_RANGE_TEST = frozenset(range(-4, 14))  # reaches past both borders of [2, 7], by up to 6
_UNIT_INTERVAL = frozenset({-1.0, -0.5, 0.0, 0.5, 1.0})


CASES = (
    CaseSpec(
        case_id="101",
        description="1 where the token is a perfect square (0, 1, 4, 9, ...), else 0.",
        build_program=_program_101,
        reference=_reference_101,
        vocab=_DIGITS,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="102",
        description="Token reflected into [2, 7], bouncing off the borders until inside.",
        build_program=_program_102,
        reference=_reference_102,
        vocab=_RANGE_TEST,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="103",
        description="Swaps positions 0<->1, 2<->3, ...; an odd last token stays in place.",
        build_program=_program_103,
        reference=_reference_103,
        vocab=_SMALL_INTS,
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="104",
        description="exp(token), rounded to 4 decimals.",
        build_program=_program_104,
        reference=_reference_104,
        vocab=frozenset(range(-2, 4)),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="105",
        description="The smallest prime strictly greater than the token.",
        build_program=_program_105,
        reference=_reference_105,
        vocab=_DIGITS,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="106",
        description="Keeps the token at index 1 and writes 0 everywhere else.",
        build_program=_program_106,
        reference=_reference_106,
        vocab=frozenset(range(1, 7)),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="107",
        description="Each token wrapped modulo 6 into the inclusive range [2, 7].",
        build_program=_program_107,
        reference=_reference_107,
        vocab=_RANGE_TEST,
        causal=True,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="108",
        description="1 at every position if some value occurs at least twice in the input, else 0.",
        build_program=_program_108,
        reference=_reference_108,
        vocab=frozenset(range(0, 8)),
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="109",
        description="1 at every position if the last two tokens are equal, else 0.",
        build_program=_program_109,
        reference=_reference_109,
        vocab=frozenset(range(0, 4)),
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="110",
        description="Position 2j holds token j and odd positions hold 0 (output keeps the length).",
        build_program=_program_110,
        reference=_reference_110,
        vocab=frozenset(range(1, 7)),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="111",
        description="Position 0 holds the last token; every other position holds 0.",
        build_program=_program_111,
        reference=_reference_111,
        vocab=frozenset(range(1, 7)),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="112",
        description="Next token minus this token; 0 at the last position.",
        build_program=_program_112,
        reference=_reference_112,
        vocab=_SMALL_INTS,
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="113",
        description="The input reversed if it is non-decreasing, otherwise the input unchanged.",
        build_program=_program_113,
        reference=_reference_113,
        vocab=frozenset(range(0, 4)),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="114",
        description="log10(token), rounded to 4 decimals.",
        build_program=_program_114,
        reference=_reference_114,
        vocab=frozenset(range(1, 11)),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="115",
        description="Token times the next token; the last position gets its token squared.",
        build_program=_program_115,
        reference=_reference_115,
        vocab=frozenset(range(0, 5)),
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="116",
        description="1 where the token is a multiple of the first token, else 0.",
        build_program=_program_116,
        reference=_reference_116,
        vocab=frozenset(range(1, 11)),
        causal=False,
        max_seq_len=11,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="117",
        description="The sum of the last two tokens, at every position.",
        build_program=_program_117,
        reference=_reference_117,
        vocab=_SMALL_INTS,
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="118",
        description="Token plus the previous token; position 0 keeps its token.",
        build_program=_program_118,
        reference=_reference_118,
        vocab=_SMALL_INTS,
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="119",
        description=(
            "Value at x = first token of the polynomial whose coefficients are the remaining "
            "tokens, leading coefficient first, at every position."
        ),
        build_program=_program_119,
        reference=_reference_119,
        vocab=frozenset(range(0, 4)),
        causal=False,
        max_seq_len=5,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="120",
        description=(
            "The last n//2 tokens, then (odd n) the middle token, then the first n//2 tokens."
        ),
        build_program=_program_120,
        reference=_reference_120,
        vocab=_SMALL_INTS,
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="121",
        description="arcsin(token) in radians, rounded to 4 decimals.",
        build_program=_program_121,
        reference=_reference_121,
        vocab=_UNIT_INTERVAL,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="122",
        description="1 where the token is divisible by 3, else 0.",
        build_program=_program_122,
        reference=_reference_122,
        vocab=_DIGITS,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="123",
        description="arccos(token) in radians, rounded to 4 decimals.",
        build_program=_program_123,
        reference=_reference_123,
        vocab=_UNIT_INTERVAL,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="124",
        description="1 at every position if all tokens are equal, else 0.",
        build_program=_program_124,
        reference=_reference_124,
        vocab=frozenset(range(0, 3)),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="125",
        description="1 at every position if neighbouring tokens always differ in parity, else 0.",
        build_program=_program_125,
        reference=_reference_125,
        vocab=_SMALL_INTS,
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="126",
        description="The median of all tokens (mean of the two middle ones for even n) everywhere.",
        build_program=_program_126,
        reference=_reference_126,
        vocab=frozenset(range(0, 5)),
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="127",
        description=(
            "Token divided by (first token / second token), rounded to 3 decimals; the input "
            "unchanged if either of the first two tokens is 0."
        ),
        build_program=_program_127,
        reference=_reference_127,
        vocab=frozenset(range(0, 5)),
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="128",
        description="The input with its first and last tokens swapped.",
        build_program=_program_128,
        reference=_reference_128,
        vocab=_SMALL_INTS,
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="129",
        description="1 at every position if every token is a multiple of 2, else 0.",
        build_program=_program_129,
        reference=_reference_129,
        vocab=frozenset({1, 2, 3, 4, 6, 8}),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="130",
        description="Each token clipped into [2, 7].",
        build_program=_program_130,
        reference=_reference_130,
        vocab=_DIGITS,
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="131",
        description="The larger of the token and the previous token; position 0 keeps its token.",
        build_program=_program_131,
        reference=_reference_131,
        vocab=_SMALL_INTS,
        causal=True,
        released=Released.NO,
    ),
)
