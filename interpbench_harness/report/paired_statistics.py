"""Statistics for comparing two samples of per-case scores paired by case (`interpbench compare`).

A and B are equally long sequences whose i-th values belong to the same case. Provided here:
- the paired two-sided Wilcoxon signed-rank test on the differences A - B, with the
  conventions of `scipy.stats.wilcoxon(zero_method="wilcox", correction=True)` (scipy's default
  is correction=False), so its p-values can be checked against scipy while the harness itself
  needs only the standard library;
- the Vargha-Delaney A12 effect size;
- a percentile bootstrap confidence interval of the mean paired difference.

Every function rejects samples of different lengths, empty samples and non-finite values: a
NaN here is almost always a failed case that should have been left out before pairing.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Dict, List, Sequence, Tuple, Union

EXACT_MAX_N = 50  # largest number of non-zero differences given an exact p-value (as in scipy)


@dataclass(frozen=True)
class WilcoxonResult:
    statistic: float  # min(W+, W-)
    p_value: float  # two-sided
    n: int  # number of non-zero differences, the ones ranked
    method: str  # "exact" or "normal"


def wilcoxon_signed_rank(a: Sequence[float], b: Sequence[float]) -> WilcoxonResult:
    """Paired two-sided Wilcoxon signed-rank test of d = a - b.

    Zero differences are dropped (Wilcoxon's convention) and tied |d| share their average rank.
    The p-value is exact, from the null distribution of W+ (every sign pattern equally likely),
    when at most 50 differences are non-zero and no |d| are tied, since the exact distribution
    assumes untied integer ranks. Otherwise it is the normal approximation with the tie-corrected
    variance n(n+1)(2n+1)/24 - sum(t^3 - t)/48 and a continuity correction of 0.5, as
    scipy.stats.wilcoxon(method="asymptotic", correction=True). With no non-zero difference
    there is no evidence either way: statistic 0, p = 1 (trivially exact), n = 0.

    scipy's method="auto" chooses differently (by the length including zeros, and a permutation
    test for small samples with ties or zeros); this function matches its method="exact" and
    method="asymptotic" instead.
    """
    differences = [d for d in _paired_differences(a, b) if d != 0.0]
    n = len(differences)
    if n == 0:
        return WilcoxonResult(statistic=0.0, p_value=1.0, n=0, method="exact")
    ranks, tie_sizes = _average_ranks([abs(d) for d in differences])
    w_plus = math.fsum(r for r, d in zip(ranks, differences) if d > 0)
    w_minus = n * (n + 1) / 2 - w_plus
    statistic = min(w_plus, w_minus)
    if n <= EXACT_MAX_N and not tie_sizes:
        return WilcoxonResult(statistic, _exact_two_sided_p(round(statistic), n), n, "exact")
    return WilcoxonResult(statistic, _normal_two_sided_p(statistic, n, tie_sizes), n, "normal")


def vargha_delaney_a12(a: Sequence[float], b: Sequence[float]) -> float:
    """P(X > Y) + 0.5 P(X = Y) for X drawn from a and Y from b: 0.5 means no effect.

    A12 is unpaired by definition: every value of a is compared with every value of b, and the
    pairing by case is ignored. The samples must still be equally long, as for the paired
    statistics here, so that a mismatch in the paired data is reported rather than absorbed.
    """
    xs, ys = _validated(a, b)
    wins = sum(1.0 if x > y else 0.5 if x == y else 0.0 for x in xs for y in ys)
    return wins / (len(xs) * len(ys))


def bootstrap_mean_difference_ci(a: Sequence[float], b: Sequence[float], confidence: float = 0.95,
                                 resamples: int = 10000, seed: int = 0) -> Tuple[float, float]:
    """Percentile bootstrap interval of the mean of the paired differences a_i - b_i.

    Each resample draws len(a) cases with replacement (a case keeps its pair together) from
    random.Random(seed), so a seed always gives the same interval. The bounds are the
    (1 - confidence)/2 and (1 + confidence)/2 quantiles of the sorted resample means, by linear
    interpolation between order statistics (numpy.percentile's default, "linear"). Sums are
    math.fsum, so constant differences give a zero-width interval at that constant.
    """
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be strictly between 0 and 1, got {confidence}")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    differences = _paired_differences(a, b)
    n = len(differences)
    rng = random.Random(seed)
    means = sorted(math.fsum(rng.choices(differences, k=n)) / n for _ in range(resamples))
    tail = (1.0 - confidence) / 2.0
    return _linear_quantile(means, tail), _linear_quantile(means, 1.0 - tail)


def paired_summary(a: Sequence[float], b: Sequence[float], seed: int = 0) -> Dict[str, Union[int, float, str]]:
    """Everything `interpbench compare` reports for one pair of samples; differences are a - b.

    Keys: n, mean_a, mean_b, mean_difference, wilcoxon_p, wilcoxon_statistic, wilcoxon_method,
    a12 (a beats b), ci_low and ci_high (95% bootstrap interval of the mean difference, `seed`).
    """
    differences = _paired_differences(a, b)
    n = len(differences)
    wilcoxon = wilcoxon_signed_rank(a, b)
    ci_low, ci_high = bootstrap_mean_difference_ci(a, b, seed=seed)
    return {
        "n": n,
        "mean_a": math.fsum(map(float, a)) / n,
        "mean_b": math.fsum(map(float, b)) / n,
        "mean_difference": math.fsum(differences) / n,
        "wilcoxon_p": wilcoxon.p_value,
        "wilcoxon_statistic": wilcoxon.statistic,
        "wilcoxon_method": wilcoxon.method,
        "a12": vargha_delaney_a12(a, b),
        "ci_low": ci_low,
        "ci_high": ci_high,
    }


def _paired_differences(a: Sequence[float], b: Sequence[float]) -> List[float]:
    """a_i - b_i after validation (equal, non-zero lengths; finite values)."""
    xs, ys = _validated(a, b)
    return [x - y for x, y in zip(xs, ys)]


def _validated(a: Sequence[float], b: Sequence[float]) -> Tuple[List[float], List[float]]:
    if len(a) != len(b):
        raise ValueError(f"paired samples must have the same length, got {len(a)} and {len(b)}")
    if len(a) == 0:
        raise ValueError("paired samples are empty")
    xs, ys = [float(v) for v in a], [float(v) for v in b]
    for name, values in (("a", xs), ("b", ys)):
        for position, value in enumerate(values):
            if not math.isfinite(value):
                raise ValueError(f"{name}[{position}] is {value}; leave failed cases out before pairing")
    return xs, ys


def _average_ranks(values: Sequence[float]) -> Tuple[List[float], List[int]]:
    """1-based ranks with ties given their average rank, and the sizes of the tie groups (> 1)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0.0] * len(values)
    tie_sizes = []
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            ranks[order[position]] = (start + end) / 2 + 1
        if end > start:
            tie_sizes.append(end - start + 1)
        start = end + 1
    return ranks, tie_sizes


def _exact_two_sided_p(statistic: int, n: int) -> float:
    """2 P(W+ <= statistic) under H0, capped at 1; W+ is symmetric, so this is both tails.

    counts[s] = number of subsets of the ranks 1..n summing to s (each sign pattern has
    probability 2^-n), built one rank at a time; exact integers until the final division.
    """
    counts = [1]
    for rank in range(1, n + 1):
        grown = counts + [0] * rank
        for total, ways in enumerate(counts):
            grown[total + rank] += ways
        counts = grown
    return min(1.0, 2 * sum(counts[:statistic + 1]) / 2 ** n)


def _normal_two_sided_p(statistic: float, n: int, tie_sizes: Sequence[int]) -> float:
    """Two-sided p of W under N(n(n+1)/4, tie-corrected variance), continuity-corrected by 0.5.

    |W - mean| is 0 or at least 0.5 (ranks are multiples of 0.5), so the clamp at 0 only acts
    where W = mean, where scipy applies no correction either.
    """
    mean = n * (n + 1) / 4
    variance = n * (n + 1) * (2 * n + 1) / 24 - sum(t ** 3 - t for t in tie_sizes) / 48
    z = max(abs(statistic - mean) - 0.5, 0.0) / math.sqrt(variance)
    return min(1.0, math.erfc(z / math.sqrt(2.0)))


def _linear_quantile(sorted_values: Sequence[float], q: float) -> float:
    """Quantile q of sorted values, interpolating linearly at position q (len - 1)."""
    position = q * (len(sorted_values) - 1)
    below = math.floor(position)
    above = min(below + 1, len(sorted_values) - 1)
    fraction = position - below
    return sorted_values[below] + fraction * (sorted_values[above] - sorted_values[below])
