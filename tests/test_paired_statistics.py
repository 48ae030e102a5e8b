"""Paired statistics of `interpbench compare`: hand-worked examples and scipy as the reference."""

import itertools
import math
import random
import statistics

import numpy as np
import pytest
from scipy import stats

from interpbench_harness.report.paired_statistics import (
    WilcoxonResult,
    _linear_quantile,
    bootstrap_mean_difference_ci,
    paired_summary,
    vargha_delaney_a12,
    wilcoxon_signed_rank,
)


def scipy_wilcoxon(a, b, method):
    return stats.wilcoxon(a, b, zero_method="wilcox", correction=True, alternative="two-sided", method=method)


def untied_pairs(seed, n, zeros=0):
    """n random pairs whose differences have distinct magnitudes, the last `zeros` of them equal."""
    rng = random.Random(seed)
    a = [rng.random() for _ in range(n)]
    b = [rng.random() for _ in range(n - zeros)] + a[n - zeros:]
    return a, b


def tied_pairs(seed, n):
    """n random pairs of small integers: many tied |a - b| and some zero differences."""
    rng = random.Random(seed)
    return [rng.randint(0, 5) for _ in range(n)], [rng.randint(0, 5) for _ in range(n)]


def test_wilcoxon_worked_example_exact():
    # d = a - b = [3, -1, 4, 6, 2, 0]: the zero is dropped, n = 5. Ranks of |d| = 3,1,4,6,2 are
    # 3,1,4,5,2, so W- = 1 (the -1) and W+ = 14; statistic = min = 1. Under H0 each of the
    # 2^5 = 32 sign patterns is equally likely; W+ <= 1 for {} and {1} only: P = 2/32, two-sided
    # p = 4/32 = 0.125.
    a = [3, 0, 4, 7, 2, 5]
    b = [0, 1, 0, 1, 0, 5]
    assert wilcoxon_signed_rank(a, b) == WilcoxonResult(statistic=1.0, p_value=0.125, n=5, method="exact")


def test_wilcoxon_worked_example_normal_with_ties():
    # d = [1, 1, -1, 2, 0]: the zero is dropped, n = 4. |d| = 1,1,1,2 has ranks 2,2,2,4 (a tie
    # group of 3), so W+ = 8, W- = 2, statistic 2. Mean n(n+1)/4 = 5; variance
    # 4*5*9/24 - (3^3 - 3)/48 = 7.5 - 0.5 = 7; z = (|2 - 5| - 0.5)/sqrt(7); p = 2 (1 - Phi(z)).
    result = wilcoxon_signed_rank([1, 1, 0, 2, 3], [0, 0, 1, 0, 3])
    assert (result.statistic, result.n, result.method) == (2.0, 4, "normal")
    assert result.p_value == pytest.approx(math.erfc(2.5 / math.sqrt(7) / math.sqrt(2)), rel=1e-12)
    assert result.p_value == pytest.approx(0.3447042220069577, rel=1e-12)


def test_wilcoxon_all_differences_zero_is_no_evidence():
    assert wilcoxon_signed_rank([0.5, 0.7], [0.5, 0.7]) == WilcoxonResult(0.0, 1.0, 0, "exact")


def test_wilcoxon_exact_p_is_capped_at_one():
    # One positive difference: W+ = 1, W- = 0; P(W+ <= 0) = 1/2, doubled to 1.
    assert wilcoxon_signed_rank([1.0], [0.0]) == WilcoxonResult(0.0, 1.0, 1, "exact")


@pytest.mark.parametrize("seed, n, zeros", [(0, 5, 0), (1, 9, 0), (2, 15, 0), (3, 30, 0), (4, 50, 0),
                                            (5, 12, 3), (6, 53, 3)])
def test_wilcoxon_exact_path_agrees_with_scipy(seed, n, zeros):
    a, b = untied_pairs(seed, n, zeros)
    ours = wilcoxon_signed_rank(a, b)
    reference = scipy_wilcoxon(a, b, "exact")
    assert (ours.method, ours.n) == ("exact", n - zeros)
    assert ours.statistic == reference.statistic
    assert ours.p_value == pytest.approx(reference.pvalue, rel=1e-9)


@pytest.mark.parametrize("seed, n", [(0, 8), (1, 10), (2, 20), (3, 40), (4, 80), (5, 200)])
def test_wilcoxon_normal_path_with_ties_and_zeros_agrees_with_scipy(seed, n):
    a, b = tied_pairs(seed, n)
    ours = wilcoxon_signed_rank(a, b)
    reference = scipy_wilcoxon(a, b, "asymptotic")
    assert ours.method == "normal"
    assert ours.n == sum(x != y for x, y in zip(a, b))
    assert ours.statistic == reference.statistic
    assert ours.p_value == pytest.approx(reference.pvalue, rel=1e-6)


def test_wilcoxon_statistic_at_its_mean_gets_no_continuity_correction():
    # d = [1, -1, 2, -2]: ranks 1.5, 1.5, 3.5, 3.5, W+ = W- = 5 = n(n+1)/4, so z = 0 and p = 1.
    a, b = [1, 0, 2, 0], [0, 1, 0, 2]
    assert wilcoxon_signed_rank(a, b) == WilcoxonResult(5.0, 1.0, 4, "normal")
    assert scipy_wilcoxon(a, b, "asymptotic").pvalue == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("seed, n", [(7, 51), (8, 120)])
def test_wilcoxon_more_than_fifty_untied_differences_use_the_normal_approximation(seed, n):
    a, b = untied_pairs(seed, n)
    ours = wilcoxon_signed_rank(a, b)
    assert ours.method == "normal"
    assert ours.p_value == pytest.approx(scipy_wilcoxon(a, b, "asymptotic").pvalue, rel=1e-6)


def test_wilcoxon_is_symmetric_in_its_samples():
    a, b = tied_pairs(9, 30)
    assert wilcoxon_signed_rank(a, b) == wilcoxon_signed_rank(b, a)
    a, b = untied_pairs(9, 20)
    assert wilcoxon_signed_rank(a, b) == wilcoxon_signed_rank(b, a)


def test_a12_known_values():
    assert vargha_delaney_a12([0.3, 0.6, 0.9], [0.3, 0.6, 0.9]) == 0.5
    assert vargha_delaney_a12([0.7, 0.8, 0.9], [0.1, 0.2, 0.3]) == 1.0
    assert vargha_delaney_a12([0.1, 0.2, 0.3], [0.7, 0.8, 0.9]) == 0.0
    # a = 1 ties all three 1s (1.5), a = 2 and a = 3 beat all three (6): 7.5 / 9.
    assert vargha_delaney_a12([1, 2, 3], [1, 1, 1]) == pytest.approx(7.5 / 9)


@pytest.mark.parametrize("seed", range(5))
def test_a12_agrees_with_brute_force_and_mann_whitney(seed):
    a, b = tied_pairs(seed, 25)
    wins = sum(1.0 if x > y else 0.5 if x == y else 0.0 for x, y in itertools.product(a, b))
    assert vargha_delaney_a12(a, b) == pytest.approx(wins / (25 * 25), abs=1e-15)
    u = stats.mannwhitneyu(a, b, alternative="two-sided").statistic  # U of the first sample
    assert vargha_delaney_a12(a, b) == pytest.approx(u / (25 * 25), abs=1e-15)
    assert vargha_delaney_a12(a, b) + vargha_delaney_a12(b, a) == pytest.approx(1.0, abs=1e-15)


def test_bootstrap_is_deterministic_for_a_seed_and_varies_with_it():
    a, b = untied_pairs(10, 20)
    first = bootstrap_mean_difference_ci(a, b, seed=3)
    assert bootstrap_mean_difference_ci(a, b, seed=3) == first
    assert bootstrap_mean_difference_ci(a, b, seed=4) != first


def test_bootstrap_interval_contains_the_mean_difference():
    a, b = untied_pairs(11, 20)
    mean_difference = sum(x - y for x, y in zip(a, b)) / 20
    low, high = bootstrap_mean_difference_ci(a, b)
    assert low < mean_difference < high


def test_bootstrap_interval_matches_the_normal_theory_width():
    # The bootstrap mean of n differences has standard deviation pstdev(d)/sqrt(n); for 40
    # uniform differences its distribution is close to normal, so the 95% interval is about
    # +-1.96 of those wide (a 90% interval, +-1.645, would be 16% narrower).
    a, b = untied_pairs(15, 40)
    differences = [x - y for x, y in zip(a, b)]
    low, high = bootstrap_mean_difference_ci(a, b)
    standard_error = statistics.pstdev(differences) / math.sqrt(40)
    assert high - low == pytest.approx(2 * 1.96 * standard_error, rel=0.05)
    assert (low + high) / 2 == pytest.approx(statistics.fmean(differences), abs=0.1 * standard_error)


def test_bootstrap_interval_widens_with_confidence():
    a, b = untied_pairs(12, 15)
    low_80, high_80 = bootstrap_mean_difference_ci(a, b, confidence=0.80, resamples=2000, seed=1)
    low_99, high_99 = bootstrap_mean_difference_ci(a, b, confidence=0.99, resamples=2000, seed=1)
    assert low_99 < low_80 < high_80 < high_99


def test_bootstrap_interval_collapses_for_constant_differences():
    a = [0.5, 0.75, 0.625, 0.875]
    b = [x - 0.125 for x in a]  # exactly representable: every difference is 0.125
    assert bootstrap_mean_difference_ci(a, b) == (0.125, 0.125)


@pytest.mark.parametrize("q", [0.0, 0.025, 0.3, 0.5, 0.975, 1.0])
def test_bootstrap_quantiles_interpolate_linearly_like_numpy(q):
    rng = random.Random(13)
    values = sorted(rng.random() for _ in range(37))
    assert _linear_quantile(values, q) == pytest.approx(np.percentile(values, 100 * q), rel=1e-12)


def test_paired_summary_collects_the_statistics():
    a, b = untied_pairs(14, 12)
    summary = paired_summary(a, b, seed=5)
    wilcoxon = wilcoxon_signed_rank(a, b)
    assert summary == {
        "n": 12,
        "mean_a": pytest.approx(sum(a) / 12),
        "mean_b": pytest.approx(sum(b) / 12),
        "mean_difference": pytest.approx((sum(a) - sum(b)) / 12),
        "wilcoxon_p": wilcoxon.p_value,
        "wilcoxon_statistic": wilcoxon.statistic,
        "wilcoxon_method": "exact",
        "a12": vargha_delaney_a12(a, b),
        "ci_low": bootstrap_mean_difference_ci(a, b, seed=5)[0],
        "ci_high": bootstrap_mean_difference_ci(a, b, seed=5)[1],
    }


ALL_FUNCTIONS = [wilcoxon_signed_rank, vargha_delaney_a12, bootstrap_mean_difference_ci, paired_summary]


@pytest.mark.parametrize("function", ALL_FUNCTIONS)
def test_samples_of_different_lengths_are_rejected(function):
    with pytest.raises(ValueError, match="same length, got 3 and 2"):
        function([0.1, 0.2, 0.3], [0.1, 0.2])


@pytest.mark.parametrize("function", ALL_FUNCTIONS)
def test_empty_samples_are_rejected(function):
    with pytest.raises(ValueError, match="empty"):
        function([], [])


@pytest.mark.parametrize("function", ALL_FUNCTIONS)
def test_nan_is_rejected_with_its_position(function):
    with pytest.raises(ValueError, match=r"^a\[2\] is nan"):
        function([0.1, 0.2, math.nan], [0.1, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"^b\[0\] is nan"):
        function([0.1, 0.2, 0.3], [math.nan, 0.2, 0.3])
    with pytest.raises(ValueError, match=r"^a\[1\] is inf"):
        function([0.1, math.inf, 0.3], [0.1, 0.2, 0.3])


@pytest.mark.parametrize("confidence", [0.0, 1.0, 95])
def test_bootstrap_rejects_a_confidence_outside_zero_one(confidence):
    with pytest.raises(ValueError, match="confidence"):
        bootstrap_mean_difference_ci([0.1, 0.2], [0.2, 0.1], confidence=confidence)


def test_bootstrap_rejects_zero_resamples():
    with pytest.raises(ValueError, match="resamples"):
        bootstrap_mean_difference_ci([0.1, 0.2], [0.2, 0.1], resamples=0)
