"""The case-specific samplers draw exactly what upstream's own `sample_data` drew.

tests/data/upstream_sampler_draws.json holds, per case, the first 50 sequences of upstream's
sampler with seed 42, at the maximum length ("fixed", as in upstream's discovery data) and at
lengths from the case's minimum ("variable"); its "source" field says how it was made.
"""

import json
from pathlib import Path

import pytest

from interpbench_harness.cases import registry, upstream_fidelity
from interpbench_harness.sampling import Draws

DRAWS_FILE = Path(__file__).parent / "data" / "upstream_sampler_draws.json"
UPSTREAM = json.loads(DRAWS_FILE.read_text())["cases"]
COUNT = 50
SEED = 42
SAMPLERS = {  # InterpBench's cases only: a TracrBench-only case's sampler is ours, not upstream's
    cid: spec.sampler for cid, spec in registry.all_cases().items()
    if spec.sampler is not None and registry.origin_of(spec) != "tracrbench"
}


def _arguments(case_id, variable):
    facts = upstream_fidelity.upstream_facts(case_id)
    min_len = facts["min_seq_len"] if variable else facts["max_seq_len"]
    return sorted(facts["vocab"]), min_len, facts["max_seq_len"]


def test_exactly_the_cases_whose_sampler_upstream_overrides_have_one():
    assert set(SAMPLERS) == set(UPSTREAM)


@pytest.mark.parametrize("variable", [False, True], ids=["fixed", "variable"])
@pytest.mark.parametrize("case_id", sorted(SAMPLERS, key=int))
def test_sampler_draws_what_upstream_drew(case_id, variable):
    vocab, min_len, max_len = _arguments(case_id, variable)
    ours = SAMPLERS[case_id](vocab, COUNT, min_len, max_len, Draws.seeded(SEED))
    assert ours == UPSTREAM[case_id]["variable" if variable else "fixed"]


@pytest.mark.parametrize("case_id", sorted(SAMPLERS, key=int))
def test_sampler_gives_count_sequences_in_range_over_the_vocabulary(case_id):
    vocab, min_len, max_len = _arguments(case_id, variable=True)
    sequences = SAMPLERS[case_id](vocab, COUNT, min_len, max_len, Draws.seeded(SEED + 1))
    assert len(sequences) == COUNT
    assert all(min_len - 1 <= len(seq) <= max_len - 1 for seq in sequences)
    tokens = {t for seq in sequences for t in seq}
    assert tokens <= set(vocab)
    # Plain Python values, never NumPy scalars.
    assert {type(t) for t in tokens} == {type(vocab[0])}
