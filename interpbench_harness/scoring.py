"""How a discovered circuit is compared with the ground truth.

Two ways, as in InterpBench:
- a sweep: one discovered circuit per sweep value gives one (FPR, TPR) point each, and the
  paper's "pessimistic" AUROC is the area under the monotone staircase through them;
- scores: a method that scores every edge (or node) gets an exact rank AUROC (Mann-Whitney,
  ties counted half) and an average precision, with no sweep at all.

TPR = |found & true| / |true| and FPR = |found - true| / |universe - true|, computed over a
universe of items (edges or nodes) that the caller chooses.
"""

from __future__ import annotations

from typing import Dict, Hashable, Iterable, List, Mapping, Sequence, Set, Tuple

Point = Tuple[float, float]  # (FPR, TPR)


def roc_point(found: Iterable[Hashable], truth: Set[Hashable], universe: Set[Hashable]) -> Point:
    """(FPR, TPR) of one discovered set; items outside the universe are an error."""
    found = set(found)
    stray = found - universe
    if stray:
        raise ValueError(f"{len(stray)} discovered items are not in the universe, e.g. {sorted(map(str, stray))[:3]}")
    if not truth or not truth <= universe:
        raise ValueError("the ground truth must be a non-empty subset of the universe")
    negatives = len(universe - truth)
    tpr = len(found & truth) / len(truth)
    fpr = len(found - truth) / negatives if negatives else 0.0
    return (fpr, tpr)


def pessimistic_auroc(points: Iterable[Point]) -> float:
    """The paper's AUROC over sweep points.

    Sort by (FPR, TPR); drop each point whose TPR is below the last kept one; add (0, 0) and
    (1, 1); area = sum_i (1 - FPR_i) * (TPR_i - TPR_{i-1}): each gain in TPR is credited only
    from the FPR at which it was reached, a lower bound on the area of any curve through them.
    """
    kept: List[Point] = [(0.0, 0.0)]
    for fpr, tpr in sorted(points):
        if tpr >= kept[-1][1]:
            kept.append((fpr, tpr))
    kept.append((1.0, 1.0))
    return sum((1.0 - fpr) * (tpr - kept[i - 1][1]) for i, (fpr, tpr) in enumerate(kept) if i > 0)


def rank_auroc(scores: Mapping[Hashable, float], truth: Set[Hashable]) -> float:
    """P(a true item outscores a false one), ties counted half (the Mann-Whitney statistic)."""
    positives, negatives = _split(scores, truth)
    ranked = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    # Average ranks over ties, then the U statistic of the positives.
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average_rank = (i + 1 + j) / 2
        rank_sum += average_rank * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def average_precision(scores: Mapping[Hashable, float], truth: Set[Hashable]) -> float:
    """Area under the precision-recall curve as a step function over distinct score thresholds."""
    positives, _ = _split(scores, truth)
    ordered = sorted(scores.items(), key=lambda item: -item[1])
    area, true_so_far, seen, recall_before, i = 0.0, 0, 0, 0.0, 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][1] == ordered[i][1]:
            j += 1
        block = ordered[i:j]
        true_so_far += sum(item in truth for item, _ in block)
        seen += len(block)
        recall = true_so_far / len(positives)
        area += (recall - recall_before) * (true_so_far / seen)
        recall_before, i = recall, j
    return area


def roc_from_scores(scores: Mapping[Hashable, float], truth: Set[Hashable]) -> List[Point]:
    """The ROC points of keeping every item scoring at least t, for each distinct score t."""
    universe = set(scores)
    points = [(0.0, 0.0)]
    for threshold in sorted(set(scores.values()), reverse=True):
        points.append(roc_point({k for k, s in scores.items() if s >= threshold}, truth, universe))
    return points


def top_k_point(scores: Mapping[Hashable, float], truth: Set[Hashable]) -> Point:
    """(FPR, TPR) of the |truth| best-scored items; ties broken by name so it is deterministic."""
    ordered = sorted(scores, key=lambda item: (-scores[item], str(item)))
    return roc_point(ordered[: len(truth)], truth, set(scores))


def _split(scores: Mapping[Hashable, float], truth: Set[Hashable]) -> Tuple[List[float], List[float]]:
    if not truth <= set(scores):
        missing = truth - set(scores)
        raise ValueError(f"scores are missing {len(missing)} ground-truth items, e.g. {sorted(map(str, missing))[:3]}")
    positives = [s for item, s in scores.items() if item in truth]
    negatives = [s for item, s in scores.items() if item not in truth]
    if not positives or not negatives:
        raise ValueError("need at least one true and one false item to rank")
    return positives, negatives


def summarize(scores: Mapping[Hashable, float], truth: Set[Hashable]) -> Dict[str, object]:
    """Every score-based metric for one case, as plain JSON-able data."""
    fpr, tpr = top_k_point(scores, truth)
    return {
        "rank_auroc": rank_auroc(scores, truth),
        "average_precision": average_precision(scores, truth),
        "roc": [list(p) for p in roc_from_scores(scores, truth)],
        "tpr_at_truth_size": tpr,
        "fpr_at_truth_size": fpr,
    }


def sweep_auroc(circuits: Sequence[Iterable[Hashable]], truth: Set[Hashable], universe: Set[Hashable]) -> Dict[str, object]:
    """Pessimistic AUROC and points for a sweep of discovered sets."""
    points = [roc_point(found, truth, universe) for found in circuits]
    return {"pessimistic_auroc": pessimistic_auroc(points), "roc": [list(p) for p in points]}
