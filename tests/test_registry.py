"""The registry against the facts of the reference case list (shared/reference/cases.md)."""

import pytest

from interpbench_harness.cases import registry
from interpbench_harness.cases.spec import OutputKind, Released

TRACR_IDS = {str(i) for i in range(1, 132)} - {"16", "27"}
RELEASED = {
    "2", "3", "4", "7", "8", "11", "13", "14", "15", "18", "19", "20", "21", "24", "25", "26",
    "29", "30", "31", "33", "34", "35", "36", "37", "39", "46", "52", "90", "101", "102", "103",
    "104", "105", "106", "110", "111", "113", "114", "121", "122", "123", "124", "129", "130",
}
NOT_RELEASED = {
    "1", "10", "12", "17", "100", "107", "108", "109", "112", "115", "116", "117", "118", "119",
    "120", "125", "126", "127", "128", "131",
}
TRIVIAL = {"8", "11", "20", "26", "29", "33", "35", "36", "37", "90", "106"}
BIDIRECTIONAL = {
    "2", "5", "6", "7", "9", "13", "14", "17", "18", "22", "25", "38", "44", "45", "47", "57",
    "58", "59", "61", "63", "67", "71", "74", "78", "81", "82", "88", "89", "93", "94", "96",
    "97", "98", "99", "100", "103", "108", "109", "110", "111", "112", "113", "115", "116",
    "117", "118", "119", "120", "124", "125", "126", "127", "128", "129",
}
MAX_SEQ_LEN = {"3": 5, "12": 15, "15": 5, "19": 15, "39": 60, "89": 11, "100": 11, "116": 11, "119": 5}


NON_TRACR_IDS = {"ioi", "ioi_next_token"}
# The TracrBench programs InterpBench did not take (tests/test_tracrbench.py); the facts above
# are InterpBench's and do not cover them.
TRACRBENCH_ONLY = {spec.case_id for spec in registry.select(["tracrbench-only"])}


def test_every_upstream_id_is_registered_once():
    assert set(registry.all_cases()) - TRACRBENCH_ONLY == TRACR_IDS | NON_TRACR_IDS
    assert len(registry.all_cases()) == 129 + len(NON_TRACR_IDS) + len(TRACRBENCH_ONLY)
    assert {spec.case_id for spec in registry.select(["ioi-cases"])} == NON_TRACR_IDS
    assert list(registry.all_cases())[-2:] == ["ioi", "ioi_next_token"]  # named ids sort after the numbered ones


def test_case_settings_match_the_reference():
    for case_id, spec in registry.all_cases().items():
        if case_id in NON_TRACR_IDS | TRACRBENCH_ONLY:
            continue
        assert spec.causal == (case_id not in BIDIRECTIONAL), case_id
        assert spec.trivial == (case_id in TRIVIAL), case_id
        assert spec.max_seq_len == MAX_SEQ_LEN.get(case_id, 10), case_id
        expected_kind = OutputKind.NUMERICAL if case_id in {"3", "4", "39"} else OutputKind.CATEGORICAL
        assert spec.output_kind is expected_kind, case_id
        expected_release = (
            Released.YES if case_id in RELEASED else Released.NO if case_id in NOT_RELEASED else Released.UNCONFIRMED
        )
        assert spec.released is expected_release, case_id
        assert spec.description and "\n" not in spec.description and len(spec.description) <= 200, case_id


def test_tags_select_the_documented_subsets():
    def ids(tag):
        return {spec.case_id for spec in registry.select([tag])}
    assert ids("paper16") == set(registry.PAPER16)
    assert ids("released") == RELEASED | NON_TRACR_IDS
    assert ids("unconfirmed") == TRACR_IDS - RELEASED - NOT_RELEASED
    assert ids("regression") == {"3", "4", "39"}
    assert ids("trivial") == TRIVIAL
    assert ids("ci") == set(registry.CI_SUBSET)
    assert all(spec.supported for spec in registry.select(["ci"]))


def test_selection_mixes_ids_and_tags_in_id_order():
    chosen = [spec.case_id for spec in registry.select(["regression", "8", "3"])]
    assert chosen == ["3", "4", "8", "39"]


def test_unknown_selector_lists_the_valid_ones():
    with pytest.raises(KeyError, match="unknown case id or tag 'nope'.*tags: .*paper16"):
        registry.select(["nope"])
    with pytest.raises(KeyError, match="unknown case '999'; valid ids: 1, 2, 3"):
        registry.get_case("999")
