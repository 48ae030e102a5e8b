"""The converted HookedTransformer reproduces the compiled tracr model exactly."""

import pytest
import torch

from interpbench_harness import compiled_cases, data
from interpbench_harness.cases import registry
from interpbench_harness.compiled_cases import compile_and_verify
from interpbench_harness.hooked_model import MissingTokensError


def _assert_exact(report):
    assert report["inputs"] >= min(2000, report["inputs"]) > 0
    if "argmax_match" in report:
        assert report["argmax_match"] == 1.0
    else:
        assert report["max_abs_logit_diff"] <= 1e-5
    assert report["exact"]


@pytest.mark.parametrize("case_id", registry.CI_SUBSET)
def test_ci_cases_convert_exactly(case_id):
    # A fresh compile, not the cache: this is the check the cache's status column relies on.
    _assert_exact(compile_and_verify(registry.get_case(case_id)).verification)


def test_pad_is_invisible_to_real_positions(compiled_case):
    # Case 14 is bidirectional: without the PAD mask, PAD keys would change every position.
    compiled = compiled_case("14")
    model = compiled.model()
    tokens = data.sample_sequences(compiled.spec, 50, seed=1)
    padded = data.encode(tokens, compiled.token_to_id, compiled.spec.max_seq_len)
    with torch.no_grad():
        batch_out = model(padded.ids)
        for row, seq in enumerate(tokens):
            alone = data.encode([seq], compiled.token_to_id, len(seq) + 1)
            torch.testing.assert_close(batch_out[row, : len(seq) + 1], model(alone.ids)[0], atol=1e-5, rtol=0)


def test_activations_without_tokens_are_refused(compiled_case):
    model = compiled_case("14").model()
    residual = torch.zeros(1, 4, model.cfg.d_model)
    with pytest.raises(MissingTokensError, match="tokens="):
        model(residual, start_at_layer=0)


def test_labels_are_the_compiled_outputs(compiled_case):
    compiled = compiled_case("3")
    batch = compiled.batch(10, data.CLEAN_SEED)
    labels = compiled.labels(batch)
    for row, seq in enumerate(data.decode(batch, compiled.token_to_id)):
        expected = [float(value) for value in compiled.spec.reference(seq)]  # position 0 is a bool upstream
        assert labels[row, 1 : len(seq) + 1].tolist() == pytest.approx(expected, abs=1e-5)


def test_labels_in_row_chunks_equal_one_pass(compiled_case, monkeypatch):
    compiled = compiled_case("3")
    batch = compiled.batch(50, data.CLEAN_SEED)
    model = compiled.model()
    whole = compiled.labels(batch, model)
    cfg = model.cfg
    row_bytes = batch.ids.shape[1] * cfg.n_heads * cfg.d_head * cfg.d_model * 4
    monkeypatch.setattr(compiled_cases, "LABEL_CHUNK_BYTES", 7 * row_bytes)  # chunks of 7 rows
    chunked = compiled.labels(batch, model)
    assert chunked.shape == whole.shape and torch.equal(chunked, whole)


@pytest.mark.parametrize("counter_start", [1, 6, 995])
def test_compilation_does_not_depend_on_earlier_rasp_work(counter_start, monkeypatch):
    """tracr numbers unnamed expressions from one process-wide counter and sorts residual
    directions by label text; case 21 compiled with the counter at 6 once came out with another
    residual order than at 1 ("sequence_map_10" sorts before "sequence_map_9"), so a shipped
    model was refused as stale on a machine whose process had done other RASP work first."""
    import itertools

    import numpy as np
    from tracr.rasp import rasp

    from interpbench_harness.tracr_bridge.compile import compile_case

    spec = registry.get_case("21")
    monkeypatch.setattr(rasp.RASPExpr, "_ids", itertools.count(1))
    reference = compile_case(spec).assembled
    monkeypatch.setattr(rasp.RASPExpr, "_ids", itertools.count(counter_start))
    compiled = compile_case(spec).assembled
    assert compiled.residual_labels == reference.residual_labels
    assert sorted(compiled.params) == sorted(reference.params)
    for module, weights in reference.params.items():
        for name, value in weights.items():
            np.testing.assert_array_equal(np.asarray(compiled.params[module][name]), np.asarray(value))
