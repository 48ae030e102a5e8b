import random

import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from interpbench_harness.scoring import (
    average_precision,
    pessimistic_auroc,
    rank_auroc,
    roc_from_scores,
    roc_point,
    sweep_auroc,
    top_k_point,
)

UNIVERSE = set("abcdefgh")
TRUTH = set("abc")


def test_roc_point_counts_against_truth_and_universe():
    assert roc_point({"a", "b", "d"}, TRUTH, UNIVERSE) == (1 / 5, 2 / 3)
    assert roc_point(set(), TRUTH, UNIVERSE) == (0.0, 0.0)
    assert roc_point(UNIVERSE, TRUTH, UNIVERSE) == (1.0, 1.0)
    with pytest.raises(ValueError, match="not in the universe"):
        roc_point({"z"}, TRUTH, UNIVERSE)


@pytest.mark.parametrize(
    "points,area",
    [
        ([(0.0, 1.0)], 1.0),
        ([], 0.0),
        ([(0.0, 0.5), (0.5, 1.0)], 0.5 + 0.5 * 0.5),
        ([(0.2, 0.8), (0.4, 0.6)], 0.8 * 0.8),  # the second point falls below the first: dropped
        ([(0.5, 1.0), (0.0, 0.5), (0.5, 1.0)], 0.75),  # order and duplicates do not matter
    ],
)
def test_pessimistic_auroc_by_hand(points, area):
    assert pessimistic_auroc(points) == pytest.approx(area)


def test_rank_auroc_and_average_precision_by_hand():
    scores = {"a": 3.0, "b": 2.0, "c": 2.0, "d": 1.0}
    truth = {"a", "c"}
    assert rank_auroc(scores, truth) == pytest.approx(3.5 / 4)  # a>b, a>d, c=b (half), c>d
    assert average_precision(scores, truth) == pytest.approx(0.5 * 1 + 0.5 * 2 / 3)
    assert top_k_point(scores, truth) == (0.5, 0.5)  # a, then b (false) wins the tie with c by name


@pytest.mark.parametrize("seed", range(20))
def test_score_metrics_match_scikit_learn(seed):
    rng = random.Random(seed)
    items = [f"e{i}" for i in range(rng.randint(5, 60))]
    scores = {item: float(rng.randint(0, 6)) for item in items}  # many ties on purpose
    truth = set(rng.sample(items, rng.randint(1, len(items) - 1)))
    labels = [item in truth for item in items]
    values = [scores[item] for item in items]
    assert rank_auroc(scores, truth) == pytest.approx(roc_auc_score(labels, values))
    assert average_precision(scores, truth) == pytest.approx(average_precision_score(labels, values))
    # The trapezoid area under the threshold ROC curve is the rank AUROC.
    points = roc_from_scores(scores, truth)
    trapezoids = sum((x1 - x0) * (y0 + y1) / 2 for (x0, y0), (x1, y1) in zip(points, points[1:]))
    assert trapezoids == pytest.approx(rank_auroc(scores, truth))


def test_sweep_of_nested_circuits():
    sweep = [set(), {"a"}, {"a", "b", "d"}, UNIVERSE]
    result = sweep_auroc(sweep, TRUTH, UNIVERSE)
    assert result["roc"] == [[0.0, 0.0], [0.0, 1 / 3], [0.2, 2 / 3], [1.0, 1.0]]
    assert result["pessimistic_auroc"] == pytest.approx(1 / 3 + 0.8 * 1 / 3)


def test_scores_must_cover_the_truth():
    with pytest.raises(ValueError, match="missing 1 ground-truth items"):
        rank_auroc({"a": 1.0, "b": 0.0}, {"a", "z"})
