"""TracrBench as a case family: every program has one case, the new cases are well formed.

The counts are those of TracrBench's repository (see cases/tracrbench/__init__.py): 118
programs, 93 of them InterpBench cases, 5 duplicates of a case, 20 cases of their own.
"""

import math

import pytest
from tracr.rasp import rasp

from interpbench_harness.cases import registry, tracrbench, vocabularies
from interpbench_harness.cases.spec import OutputKind, Released
from interpbench_harness.sampling import Draws, random_sequences

TRACRBENCH_ONLY_IDS = [
    "tb-alternate-elements", "tb-check-even", "tb-check-palindrome", "tb-count-less-freq",
    "tb-divide-by", "tb-elementwise-product-of-half-sequence", "tb-index-parity", "tb-length",
    "tb-min-element", "tb-one-hot-decode", "tb-one-hot-first", "tb-one-if-equal-to-next",
    "tb-position", "tb-rescale", "tb-reverse", "tb-rotate-left", "tb-set-to-index", "tb-sort-freq",
    "tb-sort-unique", "tb-swap-min-max",
]
ONLY = [registry.get_case(case_id) for case_id in TRACRBENCH_ONLY_IDS]
# Answer wrongly on 9 tokens with tracr's default MLP exactness (see their files).
SHORTENED = {"tb-check-palindrome", "tb-rescale", "tb-swap-min-max"}


def _ids(tag):
    return [spec.case_id for spec in registry.select([tag])]


def test_every_tracrbench_program_has_exactly_one_case():
    programs = registry.tracrbench_programs()
    own = {tracrbench.program_name_of(case_id) for case_id in TRACRBENCH_ONLY_IDS}
    assert len(tracrbench.IN_INTERPBENCH) == 93 and len(tracrbench.DUPLICATES) == 5 and len(own) == 20
    assert len(programs) == 118  # the three groups do not overlap
    assert set(programs) == set(tracrbench.IN_INTERPBENCH) | set(tracrbench.DUPLICATES) | own
    assert all(case_id in registry.all_cases() for case_id in programs.values())


def test_interpbench_took_cases_40_to_131_but_90_from_tracrbench():
    taken = set(tracrbench.IN_INTERPBENCH.values())
    assert taken == {str(i) for i in range(40, 132)} - {"90"} | {"8", "14"}
    assert not any(case_id.startswith("tb-") for case_id in taken)


def test_tags_select_the_tracrbench_cases():
    assert _ids("tracrbench-only") == TRACRBENCH_ONLY_IDS
    # 93 InterpBench cases, case 9 for TracrBench's make_sort (a duplicate), and the 20 new ones.
    assert set(_ids("tracrbench")) == set(registry.tracrbench_programs().values())
    assert len(_ids("tracrbench")) == 93 + 1 + 20


def test_origin_says_which_benchmark_a_case_comes_from():
    def origin(case_id):
        return registry.origin_of(registry.get_case(case_id))
    assert origin("3") == "interpbench" and origin("ioi") == "interpbench"
    assert origin("46") == "interpbench+tracrbench" and origin("9") == "interpbench+tracrbench"
    assert {origin(case_id) for case_id in TRACRBENCH_ONLY_IDS} == {"tracrbench"}


def test_ids_are_stable_unique_and_sort_between_the_numbers_and_ioi():
    ids = list(registry.all_cases())
    assert len(ids) == len(set(ids))
    assert ids[-len(TRACRBENCH_ONLY_IDS) - 2 : -2] == TRACRBENCH_ONLY_IDS
    assert ids[-len(TRACRBENCH_ONLY_IDS) - 3] == "131"
    for case_id in TRACRBENCH_ONLY_IDS:
        assert tracrbench.case_id_of(tracrbench.program_name_of(case_id)) == case_id


@pytest.mark.parametrize("spec", ONLY, ids=lambda s: s.case_id)
def test_settings_are_tracrbench_s(spec):
    assert spec.vocab == vocabularies.digits()
    assert not spec.causal and spec.output_kind is OutputKind.CATEGORICAL
    assert spec.max_seq_len == tracrbench.MAX_SEQ_LEN - (spec.case_id in SHORTENED)
    assert spec.released is Released.NO and spec.supported
    assert spec.description and "\n" not in spec.description and len(spec.description) <= 200


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9)
    return a == b


@pytest.mark.parametrize("spec", ONLY, ids=lambda s: s.case_id)
def test_program_matches_its_reference_at_every_length(spec):
    """From one token up (below the case's minimum too), with the case's own sampler if any."""
    program = spec.build_program()
    sample = spec.sampler or random_sequences
    for length in range(1, spec.max_seq_len):
        for tokens in sample(sorted(spec.vocab), 20, length + 1, length + 1, Draws.seeded(length)):
            got, expected = rasp.evaluate(program, tokens), spec.reference(tokens)
            assert len(got) == len(tokens) and all(map(_same, got, expected)), (tokens, got, expected)
