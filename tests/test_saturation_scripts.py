"""scripts/logit-scale.py and scripts/precision-check.py on a shipped model.

Case 33's shipped model is small (d_model 4) and its outputs are not saturated, so its figures are
known: logits of a few units, cross-entropy above 0, and the same AUROC in float32 and float64.
"""

import importlib.util
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name.replace("-", "_"), SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rows(output: str) -> list:
    """Table rows of tabulate's plain output, below the dashed rule."""
    lines = output.strip().splitlines()
    rule = next(i for i, line in enumerate(lines) if set(line) <= {"-", " "})
    return [line.split() for line in lines[rule + 1:]]


def test_logit_scale_reports_an_unsaturated_model(capsys):
    assert _script("logit-scale").main(["33"]) == 0
    [row] = _rows(capsys.readouterr().out)
    case, origin, max_logit, margin, cross_entropy, largest_score = row
    assert (case, origin) == ("33", "shipped")
    assert 0 < float(max_logit) < 50 and float(margin) > 0
    assert float(cross_entropy) > 0  # not saturated: float32 still sees a loss
    assert float(largest_score) > 1e-3


def test_precision_check_gives_both_precisions_per_method(capsys):
    assert _script("precision-check").main(["33", "eap,random"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert [row[:3] for row in rows] == [["33", "shipped", "eap"], ["33", "shipped", "random"]]
    single, double = map(float, rows[0][3:])
    assert single == pytest.approx(double) and 0.5 < single <= 1.0


def test_precision_check_names_an_unknown_method(capsys):
    assert _script("precision-check").main(["33", "eap,no_such_method"]) == 2
    assert "no_such_method" in capsys.readouterr().err
