"""Cases 1-39: the original InterpBench tracr programs (ids match upstream's)."""

from __future__ import annotations

from collections import Counter

from tracr.compiler import lib
from tracr.rasp import rasp

from interpbench_harness.cases.rasp_blocks import sequence_length
from interpbench_harness.cases.spec import CaseSpec, OutputKind, Released

# Placeholder written at positions whose token is dropped (cases 19, 21, 23); never a vocab token.
_GAP = "_"


# ---------------------------------------------------------------------------------------------
# Small building blocks. Every call takes the names it gives its SOps so that each program can
# keep its labels unique.
#
# A note on tracr's SelectorWidth: with the compiler's default MLP exactness (100) its output is
# exact only for widths up to 6; a width of 7-9 comes out as a blend of the right value and the
# one below it. Where such a count is the program's output, or only feeds the last MLP, the decoded
# answer is still right and the blend is left alone. A blend that feeds a later attention layer (as
# query or key) or another SelectorWidth degrades it, so counts used that way either stay at most 6
# (`_exact_width` counts keys at even and odd positions separately and adds the halves) or are only
# read through a test (`== 0`, `> 0`) that gives the same answer for both blended values.
# ---------------------------------------------------------------------------------------------


def _later_count(name):
    """How many positions come after this one (bidirectional programs only).

    Exact up to 6; larger counts only ever get compared with 0 by the callers.
    """
    later = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.GT).named(f"{name}_select")
    return rasp.SelectorWidth(later).named(name)


def _exact_width(keys, queries, predicate, key_index, name):
    """SelectorWidth of `Select(keys, queries, predicate)` computed as two exact halves.

    `key_index(key)` gives the position of a key; the keys at even and at odd positions are
    counted by separate heads and the two counts added by an MLP. Each half stays exact (at most
    6) for inputs of up to 12 tokens.
    """
    halves = []
    for parity in (0, 1):
        sel = rasp.Select(
            keys,
            queries,
            lambda k, q, par=parity: predicate(k, q) and key_index(k) % 2 == par,
        ).named(f"{name}_select_{'even' if parity == 0 else 'odd'}")
        halves.append(
            rasp.SelectorWidth(sel).named(f"{name}_{'even' if parity == 0 else 'odd'}_keys")
        )
    return rasp.SequenceMap(lambda a, b: a + b, halves[0], halves[1]).named(name)


def _mirror_index(name):
    """n - 1 - i, i.e. the number of later positions, exact at every length."""
    return _exact_width(rasp.indices, rasp.indices, lambda k, q: k > q, lambda k: k, name)


def _look_back(sop, offset, name):
    """`sop` from `offset` positions earlier; positions with no such predecessor read position 0.

    Clamping keeps exactly one key selected at every query (a categorical Aggregate needs that),
    and only earlier-or-same keys are read, so the program means the same under a causal mask.
    Callers must make the result at positions < offset harmless or mask it with the index.
    """
    back = rasp.Select(
        rasp.indices, rasp.indices, lambda key, query, d=offset: key == max(query - d, 0)
    ).named(f"{name}_select")
    return rasp.Aggregate(back, sop).named(name)


def _look_ahead_one(sop, later, name):
    """`sop` at the next position; the last position reads itself (`later` = _later_count)."""
    target = rasp.SequenceMap(lambda i, a: i + 1 if a > 0 else i, rasp.indices, later).named(
        f"{name}_index"
    )
    ahead = rasp.Select(rasp.indices, target, rasp.Comparison.EQ).named(f"{name}_select")
    return rasp.Aggregate(ahead, sop).named(name)


def _position_kind(later, name):
    """'first', 'last' or 'mid' for every position (a one-token input counts as 'first')."""

    def kind(i, a):
        if i == 0:
            return "first"
        return "last" if a == 0 else "mid"

    return rasp.SequenceMap(kind, rasp.indices, later).named(name)


def _token_with_index(sop, name):
    """Pairs each value with its position, so a selector can test both at once."""
    return rasp.SequenceMap(lambda v, i: (v, i), sop, rasp.indices).named(name)


def _sign(x):
    return (x > 0) - (x < 0)


# ---------------------------------------------------------------------------------------------
# The cases.
# ---------------------------------------------------------------------------------------------


def _program_1():
    two_back = _look_back(rasp.tokens, 2, "token_two_back")
    same = rasp.SequenceMap(lambda a, b: a == b, rasp.tokens, two_back).named("equals_two_back")
    return rasp.SequenceMap(lambda eq, i: bool(eq) and i >= 2, same, rasp.indices).named(
        "rotation_match"
    )


def _reference_1(tokens):
    return [i >= 2 and tokens[i] == tokens[i - 2] for i in range(len(tokens))]


def _program_2():
    mirror = _mirror_index("mirror_index")
    pick = rasp.Select(rasp.indices, mirror, rasp.Comparison.EQ).named("pick_mirror")
    return rasp.Aggregate(pick, rasp.tokens).named("reversed")


def _reference_2(tokens):
    return list(reversed(tokens))


def _program_3():
    is_x = rasp.numerical(rasp.Map(lambda t: 1 if t == "x" else 0, rasp.tokens)).named("is_x")
    prevs = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.LEQ).named("prevs")
    return rasp.numerical(rasp.Aggregate(prevs, is_x, default=0)).named("frac_x")


def _reference_3(tokens):
    return [sum(t == "x" for t in tokens[: i + 1]) / (i + 1) for i in range(len(tokens))]


def _program_4():
    upto = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.LEQ).named("upto_here")
    is_open = rasp.numerical(rasp.Map(lambda t: 1 if t == "(" else 0, rasp.tokens)).named(
        "is_open"
    )
    is_close = rasp.numerical(rasp.Map(lambda t: 1 if t == ")" else 0, rasp.tokens)).named(
        "is_close"
    )
    open_frac = rasp.numerical(rasp.Aggregate(upto, is_open, default=0)).named("open_frac")
    close_frac = rasp.numerical(rasp.Aggregate(upto, is_close, default=0)).named("close_frac")
    return rasp.numerical(rasp.LinearSequenceMap(open_frac, close_frac, 1, -1)).named(
        "open_minus_close"
    )


def _reference_4(tokens):
    out = []
    for i in range(len(tokens)):
        prefix = tokens[: i + 1]
        out.append((prefix.count("(") - prefix.count(")")) / (i + 1))
    return out


def _program_5():
    tok_idx = _token_with_index(rasp.tokens, "token_at_index")

    def prefix_count(symbol, name):
        sel = rasp.Select(
            tok_idx, rasp.indices, lambda key, query, s=symbol: key[0] == s and key[1] <= query
        ).named(f"{name}_select")
        return rasp.SelectorWidth(sel).named(name)

    round_open = prefix_count("(", "round_open_so_far")
    round_close = prefix_count(")", "round_close_so_far")
    curly_open = prefix_count("{", "curly_open_so_far")
    curly_close = prefix_count("}", "curly_close_so_far")
    round_bal = rasp.SequenceMap(lambda o, c: _sign(o - c), round_open, round_close).named(
        "round_balance_sign"
    )
    curly_bal = rasp.SequenceMap(lambda o, c: _sign(o - c), curly_open, curly_close).named(
        "curly_balance_sign"
    )

    def status(r, c):
        if r < 0 or c < 0:
            return "broken"
        return "closed" if r == 0 and c == 0 else "open"

    prefix_status = rasp.SequenceMap(status, round_bal, curly_bal).named("prefix_status")
    broken_sel = rasp.Select(
        prefix_status, prefix_status, lambda key, query: key == "broken"
    ).named("broken_select")
    n_broken = rasp.SelectorWidth(broken_sel).named("n_broken_prefixes")
    later = _later_count("n_later_positions")
    at_last = rasp.Select(later, rasp.indices, lambda key, query: key == 0).named("select_last")
    final_status = rasp.Aggregate(at_last, prefix_status).named("final_status")
    return rasp.SequenceMap(
        lambda nb, fs: 1 if nb == 0 and fs == "closed" else 0, n_broken, final_status
    ).named("balanced")


def _reference_5(tokens):
    depth = {"()": 0, "{}": 0}
    ok = True
    for t in tokens:
        for pair in depth:
            if t == pair[0]:
                depth[pair] += 1
            elif t == pair[1]:
                depth[pair] -= 1
                if depth[pair] < 0:
                    ok = False
    ok = ok and all(d == 0 for d in depth.values())
    return [1 if ok else 0] * len(tokens)


def _program_6():
    later = _later_count("n_later_positions")
    prev_tok = _look_back(rasp.tokens, 1, "prev_token")
    next_tok = _look_ahead_one(rasp.tokens, later, "next_token")
    vs_prev = rasp.SequenceMap(lambda c, p: _sign(c - p), rasp.tokens, prev_tok).named(
        "sign_vs_prev"
    )
    vs_next = rasp.SequenceMap(lambda c, x: _sign(c - x), rasp.tokens, next_tok).named(
        "sign_vs_next"
    )
    both = rasp.SequenceMap(lambda a, b: (a, b), vs_prev, vs_next).named("signs_both_sides")
    kind = _position_kind(later, "position_kind")

    def turning(signs, where):
        a, b = signs
        if where == "first":
            return b != 0
        if where == "last":
            return a != 0
        return a == b and a != 0

    return rasp.SequenceMap(turning, both, kind).named("oscillates_here")


def _reference_6(tokens):
    out = []
    n = len(tokens)
    for i, t in enumerate(tokens):
        nbrs = [tokens[j] for j in (i - 1, i + 1) if 0 <= j < n]
        out.append(bool(nbrs) and (all(t > x for x in nbrs) or all(t < x for x in nbrs)))
    return out


def _program_7():
    return lib.make_hist().named("token_count")


def _reference_7(tokens):
    return [tokens.count(t) for t in tokens]


def _program_8():
    return rasp.Map(lambda t: t, rasp.tokens).named("identity")


def _program_9():
    key = _token_with_index(rasp.tokens, "value_then_index")
    # (value, index) tuples are all distinct and compare value first, so this rank is stable.
    rank = _exact_width(key, key, lambda k, q: k < q, lambda k: k[1], "rank")
    place = rasp.Select(rank, rasp.indices, rasp.Comparison.EQ).named("place_by_rank")
    return rasp.Aggregate(place, rasp.tokens).named("sorted")


def _reference_9(tokens):
    return sorted(tokens)


def _program_10():
    return rasp.Map(lambda w: w == w[::-1], rasp.tokens).named("is_symmetric")


def _reference_10(tokens):
    return [all(w[k] == w[len(w) - 1 - k] for k in range(len(w))) for w in tokens]


def _program_11():
    word_len = rasp.Map(len, rasp.tokens).named("word_length")
    len_idx = _token_with_index(word_len, "length_at_index")
    same_len_so_far = rasp.Select(
        len_idx, len_idx, lambda key, query: key[0] == query[0] and key[1] <= query[1]
    ).named("same_length_so_far")
    return rasp.SelectorWidth(same_len_so_far).named("count_same_length")


def _reference_11(tokens):
    return [sum(len(w) == len(tokens[i]) for w in tokens[: i + 1]) for i in range(len(tokens))]


def _program_12():
    one_back = _look_back(rasp.tokens, 1, "token_one_back")
    two_back = _look_back(rasp.tokens, 2, "token_two_back")
    # At positions 0 and 1 both look-backs read position 0, which cannot be both 'a' and 'b'.
    ab_before = rasp.SequenceMap(lambda x2, x1: x2 == "a" and x1 == "b", two_back, one_back).named(
        "ab_before"
    )
    return rasp.SequenceMap(lambda ab, cur: bool(ab) and cur == "c", ab_before, rasp.tokens).named(
        "abc_ends_here"
    )


def _reference_12(tokens):
    return [i >= 2 and list(tokens[i - 2 : i + 1]) == ["a", "b", "c"] for i in range(len(tokens))]


def _program_13():
    later = _later_count("n_later_positions")
    next_tok = _look_ahead_one(rasp.tokens, later, "next_token")

    def trend(cur, nxt):
        if nxt > cur:
            return "increasing"
        return "decreasing" if nxt < cur else "constant"

    step = rasp.SequenceMap(trend, rasp.tokens, next_tok).named("step_trend")
    return rasp.SequenceMap(lambda tr, a: "end" if a == 0 else tr, step, later).named("trend")


def _reference_13(tokens):
    out = []
    for i in range(len(tokens)):
        if i == len(tokens) - 1:
            out.append("end")
        elif tokens[i + 1] > tokens[i]:
            out.append("increasing")
        elif tokens[i + 1] < tokens[i]:
            out.append("decreasing")
        else:
            out.append("constant")
    return out


def _program_14():
    is_a = rasp.Select(rasp.tokens, rasp.tokens, lambda key, query: key == "a").named("key_is_a")
    return rasp.SelectorWidth(is_a).named("count_a")


def _reference_14(tokens):
    return [sum(t == "a" for t in tokens)] * len(tokens)


def _program_15():
    return rasp.SequenceMap(lambda t, i: 2 * t - i, rasp.tokens, rasp.indices).named(
        "double_minus_index"
    )


def _reference_15(tokens):
    return [t + t - i for i, t in enumerate(tokens)]


def _program_17():
    mirror = _mirror_index("mirror_index")
    pick = rasp.Select(rasp.indices, mirror, rasp.Comparison.EQ).named("pick_mirror")
    mirrored = rasp.Aggregate(pick, rasp.tokens).named("mirrored_token")
    mismatch = rasp.SequenceMap(lambda a, b: a != b, rasp.tokens, mirrored).named("mismatch")
    mismatch_sel = rasp.Select(mismatch, mismatch, lambda key, query: key).named("mismatch_select")
    n_mismatch = rasp.SelectorWidth(mismatch_sel).named("n_mismatches")
    return rasp.Map(lambda c: c == 0, n_mismatch).named("is_palindrome")


def _reference_17(tokens):
    return [list(tokens) == list(tokens)[::-1]] * len(tokens)


def _program_18():
    count = lib.make_hist().named("token_count")
    length = sequence_length("length")

    def classify(c, n):
        if 2 * c > n:
            return "frequent"
        return "common" if 4 * c > n else "rare"

    return rasp.SequenceMap(classify, count, length).named("frequency_class")


def _reference_18(tokens):
    n = len(tokens)
    out = []
    for t in tokens:
        share = tokens.count(t) / n
        out.append("frequent" if share > 0.5 else ("common" if share > 0.25 else "rare"))
    return out


def _program_19():
    prev_tok = _look_back(rasp.tokens, 1, "prev_token")
    # Position 0 has no predecessor: replace what it read with a value no token can equal.
    prev_or_start = rasp.SequenceMap(
        lambda p, i: p if i > 0 else "<start>", prev_tok, rasp.indices
    ).named("prev_or_start")
    return rasp.SequenceMap(
        lambda cur, prev: _GAP if cur == prev else cur, rasp.tokens, prev_or_start
    ).named("dedup_runs")


def _reference_19(tokens):
    return [t if i == 0 or tokens[i - 1] != t else _GAP for i, t in enumerate(tokens)]


_SPAM_WORDS = frozenset({"free", "offer", "click", "now"})


def _program_20():
    return rasp.Map(lambda w: "spam" if w in _SPAM_WORDS else "ham", rasp.tokens).named(
        "spam_flag"
    )


def _reference_20(tokens):
    return ["spam" if w in ("free", "offer", "click", "now") else "ham" for w in tokens]


def _earlier_copies(name):
    """How many earlier positions hold the same token as this one (causal-safe)."""
    tok_idx = _token_with_index(rasp.tokens, "token_at_index")
    earlier_same = rasp.Select(
        tok_idx, tok_idx, lambda key, query: key[0] == query[0] and key[1] < query[1]
    ).named("earlier_same_token")
    return rasp.SelectorWidth(earlier_same).named(name)


def _program_21():
    seen = _earlier_copies("n_earlier_copies")
    return rasp.SequenceMap(lambda t, c: t if c == 0 else _GAP, rasp.tokens, seen).named(
        "unique_tokens"
    )


def _reference_21(tokens):
    return [t if t not in tokens[:i] else _GAP for i, t in enumerate(tokens)]


def _program_22():
    word_len = rasp.Map(len, rasp.tokens).named("word_length")
    key = _token_with_index(word_len, "length_then_index")
    rank = _exact_width(key, key, lambda k, q: k < q, lambda k: k[1], "rank")
    place = rasp.Select(rank, rasp.indices, rasp.Comparison.EQ).named("place_by_rank")
    return rasp.Aggregate(place, rasp.tokens).named("sorted_by_length")


def _reference_22(tokens):
    return sorted(tokens, key=len)  # stable: equal lengths keep their input order


def _program_23():
    return rasp.Map(lambda w: w if w == w[::-1] else _GAP, rasp.tokens).named("palindrome_words")


def _reference_23(tokens):
    return [w if "".join(reversed(w)) == w else _GAP for w in tokens]


def _program_24():
    seen = _earlier_copies("n_earlier_copies")
    return rasp.Map(lambda c: c == 0, seen).named("is_first_occurrence")


def _reference_24(tokens):
    return [t not in tokens[:i] for i, t in enumerate(tokens)]


def _program_25():
    count = lib.make_hist().named("token_count")
    length = sequence_length("length")
    return rasp.SequenceMap(lambda c, n: c / n if n else 0.0, count, length).named(
        "normalised_frequency"
    )


def _reference_25(tokens):
    return [tokens.count(t) / len(tokens) for t in tokens]


def _program_26():
    return rasp.SequenceMap(lambda t, i: t * (i + 1), rasp.tokens, rasp.indices).named("cascade")


def _reference_26(tokens):
    return ["".join([t] * (i + 1)) for i, t in enumerate(tokens)]


def _program_28():
    return rasp.Map(lambda w: w[::-1], rasp.tokens).named("mirrored_word")


def _reference_28(tokens):
    return ["".join(reversed(w)) for w in tokens]


def _program_29():
    return rasp.Map(lambda w: w[:3], rasp.tokens).named("abbreviation")


def _reference_29(tokens):
    return [w if len(w) <= 3 else w[0] + w[1] + w[2] for w in tokens]


_RANGE_LOW, _RANGE_HIGH = 10, 20


def _program_30():
    return rasp.Map(lambda s: _RANGE_LOW <= int(s) <= _RANGE_HIGH, rasp.tokens).named("in_range")


def _reference_30(tokens):
    return [int(s) in range(10, 21) for s in tokens]


def _program_31():
    target = sorted("listen")
    return rasp.Map(lambda w: sorted(w) == target, rasp.tokens).named("is_anagram_of_listen")


def _reference_31(tokens):
    return [Counter(w) == Counter("listen") for w in tokens]


def _program_32():
    prev_tok = _look_back(rasp.tokens, 1, "prev_token")
    # Position 0 reads itself, so it is never a boundary.
    return rasp.SequenceMap(lambda cur, prev: cur != prev, rasp.tokens, prev_tok).named(
        "boundary"
    )


def _reference_32(tokens):
    return [i > 0 and tokens[i] != tokens[i - 1] for i in range(len(tokens))]


def _program_33():
    return rasp.Map(lambda w: "even" if len(w) % 2 == 0 else "odd", rasp.tokens).named(
        "length_parity"
    )


def _reference_33(tokens):
    return [("odd", "even")[len(w) % 2 == 0] for w in tokens]


_VOWELS = frozenset("aeiou")


def _program_34():
    def ratio(word):
        vowels = sum(ch in _VOWELS for ch in word)
        consonants = len(word) - vowels
        return vowels / consonants if consonants else float("inf")

    return rasp.Map(ratio, rasp.tokens).named("vowel_consonant_ratio")


def _reference_34(tokens):
    out = []
    for w in tokens:
        v = len([ch for ch in w if ch in "aeiou"])
        c = len([ch for ch in w if ch not in "aeiou"])
        out.append(v / c if c else float("inf"))
    return out


def _program_35():
    def alternate(word):
        return "".join(ch.upper() if k % 2 == 0 else ch.lower() for k, ch in enumerate(word))

    return rasp.Map(alternate, rasp.tokens).named("alternating_caps")


def _reference_35(tokens):
    out = []
    for w in tokens:
        chars = list(w.lower())
        chars[0::2] = [ch.upper() for ch in chars[0::2]]
        out.append("".join(chars))
    return out


_EMOJI_SENTIMENT = {"😊": "positive", "🎉": "positive", "😢": "negative", "😡": "negative"}


def _program_36():
    return rasp.Map(lambda e: _EMOJI_SENTIMENT.get(e, "neutral"), rasp.tokens).named("sentiment")


def _reference_36(tokens):
    happy, sad = {"😊", "🎉"}, {"😢", "😡"}
    return ["positive" if e in happy else "negative" if e in sad else "neutral" for e in tokens]


_KEEP_AS_IS = frozenset({"nochange", "keep"})


def _program_37():
    return rasp.Map(lambda w: w if w in _KEEP_AS_IS else w[::-1], rasp.tokens).named(
        "reverse_unless_excluded"
    )


def _reference_37(tokens):
    return [w if w in ("nochange", "keep") else "".join(reversed(w)) for w in tokens]


def _program_38():
    later = _later_count("n_later_positions")
    prev_tok = _look_back(rasp.tokens, 1, "prev_token")
    next_tok = _look_ahead_one(rasp.tokens, later, "next_token")
    differs_prev = rasp.SequenceMap(lambda c, p: c != p, rasp.tokens, prev_tok).named(
        "differs_from_prev"
    )
    differs_next = rasp.SequenceMap(lambda c, x: c != x, rasp.tokens, next_tok).named(
        "differs_from_next"
    )
    both = rasp.SequenceMap(lambda a, b: (a, b), differs_prev, differs_next).named("differs_both")
    kind = _position_kind(later, "position_kind")

    def alternates(flags, where):
        a, b = flags
        if where == "first":
            return b
        if where == "last":
            return a
        return a and b

    return rasp.SequenceMap(alternates, both, kind).named("alternates_here")


def _reference_38(tokens):
    n = len(tokens)
    return [
        all(tokens[j] != t for j in (i - 1, i + 1) if 0 <= j < n) for i, t in enumerate(tokens)
    ]


def _program_39():
    is_x = rasp.numerical(rasp.Map(lambda t: 1 if t == "x" else 0, rasp.tokens)).named("is_x")
    upto = rasp.Select(rasp.indices, rasp.indices, rasp.Comparison.LEQ).named("upto_here")
    return rasp.numerical(rasp.Aggregate(upto, is_x, default=0)).named("frac_x_so_far")


def _reference_39(tokens):
    out, seen = [], 0
    for i, t in enumerate(tokens):
        seen += t == "x"
        out.append(seen / (i + 1))
    return out


CASES = (
    CaseSpec(
        case_id="1",
        description=(
            "True where the token equals the token two positions earlier (a rotation by 2); False "
            "at the first two positions."
        ),
        build_program=_program_1,
        reference=_reference_1,
        vocab=frozenset({"a", "b", "c", "d"}),
        causal=True,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="2",
        description="Token at the mirrored position, i.e. the input sequence reversed.",
        build_program=_program_2,
        reference=_reference_2,
        vocab=frozenset({"a", "b", "c", "d", "e"}),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="3",
        description="Running fraction of 'x' tokens up to and including each position.",
        build_program=_program_3,
        reference=_reference_3,
        vocab=frozenset({"a", "b", "c", "x"}),
        causal=True,
        output_kind=OutputKind.NUMERICAL,
        max_seq_len=5,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="4",
        description=(
            "Fraction of '(' minus fraction of ')' among the tokens up to and including each "
            "position."
        ),
        build_program=_program_4,
        reference=_reference_4,
        vocab=frozenset({"(", ")", "a", "b", "c"}),
        causal=True,
        output_kind=OutputKind.NUMERICAL,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="5",
        description=(
            "1 at every position if both bracket kinds, () and {}, are balanced on their own over "
            "the whole input (no prefix closes more than it opened, all closed at the end), else 0."
        ),
        build_program=_program_5,
        reference=_reference_5,
        vocab=frozenset({"(", ")", "{", "}", "x"}),
        causal=False,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="6",
        description=(
            "True where the number is a strict turning point: strictly above, or strictly below, "
            "every neighbour it has."
        ),
        build_program=_program_6,
        reference=_reference_6,
        vocab=frozenset({0, 1, 2, 3, 4}),
        causal=False,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="7",
        description="How many times the token at each position occurs in the whole input.",
        build_program=_program_7,
        reference=_reference_7,
        vocab=frozenset({"a", "b", "c"}),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="8",
        description="Copies each token to the output unchanged.",
        build_program=_program_8,
        reference=lambda tokens: list(tokens),
        vocab=frozenset({"a", "b", "c"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="9",
        description="The input integers in ascending order (position i gets the i-th smallest).",
        build_program=_program_9,
        reference=_reference_9,
        vocab=frozenset({1, 2, 3, 4, 5}),
        causal=False,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="10",
        description="True where the word reads the same forwards and backwards.",
        build_program=_program_10,
        reference=_reference_10,
        vocab=frozenset({"radar", "rotor", "level", "noon", "apple", "data", "tree"}),
        causal=True,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="11",
        description="How many words so far (this one included) have the same length as this word.",
        build_program=_program_11,
        reference=_reference_11,
        vocab=frozenset({"a", "an", "the", "cat", "tree", "bird", "house"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="12",
        description="True at the position that ends an occurrence of 'a', 'b', 'c' in a row.",
        build_program=_program_12,
        reference=_reference_12,
        vocab=frozenset({"a", "b", "c"}),
        causal=True,
        max_seq_len=15,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="13",
        description=(
            "Whether the next number is higher ('increasing'), lower ('decreasing') or equal "
            "('constant'); 'end' at the last position."
        ),
        build_program=_program_13,
        reference=_reference_13,
        vocab=frozenset({0, 1, 2}),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="14",
        description="Number of 'a' tokens in the whole input, at every position.",
        build_program=_program_14,
        reference=_reference_14,
        vocab=frozenset({"a", "b", "c"}),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="15",
        description="Twice the token's value minus its position index.",
        build_program=_program_15,
        reference=_reference_15,
        vocab=frozenset({0, 1, 2, 3, 4}),
        causal=True,
        max_seq_len=5,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="17",
        description="True at every position if the whole input is a palindrome, else False.",
        build_program=_program_17,
        reference=_reference_17,
        vocab=frozenset({"a", "b", "c"}),
        causal=False,
        released=Released.NO,
    ),
    CaseSpec(
        case_id="18",
        description=(
            "'frequent' if the token fills more than half of the input, 'common' if more than a "
            "quarter, else 'rare'."
        ),
        build_program=_program_18,
        reference=_reference_18,
        vocab=frozenset({"a", "b", "c", "d", "e"}),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="19",
        description="The token where it differs from the previous token, '_' where it repeats it.",
        build_program=_program_19,
        reference=_reference_19,
        vocab=frozenset({"a", "b", "c"}),
        causal=True,
        max_seq_len=15,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="20",
        description=(
            "'spam' where the word is a spam keyword (free, offer, click, now), else 'ham'."
        ),
        build_program=_program_20,
        reference=_reference_20,
        vocab=frozenset({"free", "offer", "click", "now", "hello", "meeting", "report", "lunch"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="21",
        description=(
            "The token at its first occurrence, '_' at later repeats, so the kept tokens are the "
            "unique ones."
        ),
        build_program=_program_21,
        reference=_reference_21,
        vocab=frozenset({"a", "b", "c"}),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="22",
        description=(
            "The words sorted by length, shortest first; equal lengths keep their input order."
        ),
        build_program=_program_22,
        reference=_reference_22,
        vocab=frozenset({"a", "to", "cat", "dog", "tree", "house"}),
        causal=False,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="23",
        description="The word where it is a palindrome, '_' otherwise.",
        build_program=_program_23,
        reference=_reference_23,
        vocab=frozenset({"noon", "racecar", "level", "apple", "tree", "data"}),
        causal=True,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="24",
        description="True where the token appears for the first time, False at repeats.",
        build_program=_program_24,
        reference=_reference_24,
        vocab=frozenset({"a", "b", "c"}),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="25",
        description=(
            "The token's count in the input divided by the input length (a value in (0, 1])."
        ),
        build_program=_program_25,
        reference=_reference_25,
        vocab=frozenset({"a", "b", "c"}),
        causal=False,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="26",
        description="The token repeated (index + 1) times.",
        build_program=_program_26,
        reference=_reference_26,
        vocab=frozenset({"a", "b", "c"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="28",
        description="The word spelled backwards.",
        build_program=_program_28,
        reference=_reference_28,
        vocab=frozenset({"abcd", "stop", "word", "lamp", "tree", "noon"}),
        causal=True,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="29",
        description="The word cut to its first three letters.",
        build_program=_program_29,
        reference=_reference_29,
        vocab=frozenset({"international", "business", "machines", "data", "cat", "go"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="30",
        description="True where the number written in the token lies in [10, 20].",
        build_program=_program_30,
        reference=_reference_30,
        vocab=frozenset({"5", "10", "12", "15", "20", "22", "30"}),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="31",
        description="True where the word uses exactly the letters of 'listen'.",
        build_program=_program_31,
        reference=_reference_31,
        vocab=frozenset({"listen", "silent", "enlist", "tinsel", "google", "banana", "lines"}),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="32",
        description=(
            "True where the token differs from the one before it (a boundary between runs); False "
            "at the first position."
        ),
        build_program=_program_32,
        reference=_reference_32,
        vocab=frozenset({"apple", "banana", "cherry"}),
        causal=True,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="33",
        description="'even' or 'odd' according to the number of letters in the word.",
        build_program=_program_33,
        reference=_reference_33,
        vocab=frozenset({"a", "an", "the", "tree", "house", "python"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="34",
        description="Number of vowels divided by number of consonants in the word.",
        build_program=_program_34,
        reference=_reference_34,
        vocab=frozenset({"apple", "sky", "tree", "idea", "cat", "queue"}),
        causal=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="35",
        description=(
            "The word with upper case on its 1st, 3rd, 5th... letters and lower case on the others."
        ),
        build_program=_program_35,
        reference=_reference_35,
        vocab=frozenset({"hello", "world", "cat", "data", "python"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="36",
        description="'positive', 'negative' or 'neutral' according to the emoji.",
        build_program=_program_36,
        reference=_reference_36,
        vocab=frozenset({"😊", "🎉", "😢", "😡", "📘"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="37",
        description=(
            "The word spelled backwards, unless it is one of the excluded words ('nochange', "
            "'keep'), which stay as they are."
        ),
        build_program=_program_37,
        reference=_reference_37,
        vocab=frozenset({"reverse", "this", "nochange", "keep", "word", "stop"}),
        causal=True,
        trivial=True,
        released=Released.YES,
    ),
    CaseSpec(
        case_id="38",
        description=(
            "True where the token differs from every neighbour it has (the sequence alternates "
            "there)."
        ),
        build_program=_program_38,
        reference=_reference_38,
        vocab=frozenset({"a", "b", "c"}),
        causal=False,
        released=Released.UNCONFIRMED,
    ),
    CaseSpec(
        case_id="39",
        description=(
            "Running fraction of 'x' tokens up to and including each position, on inputs up to 59 "
            "tokens."
        ),
        build_program=_program_39,
        reference=_reference_39,
        vocab=frozenset({"a", "b", "c", "d", "x"}),
        causal=True,
        output_kind=OutputKind.NUMERICAL,
        max_seq_len=60,
        released=Released.YES,
    ),
)
