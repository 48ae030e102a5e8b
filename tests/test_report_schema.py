"""The declared report schema: a report built the way a run builds it reads back unchanged, and a
file of another schema version or with a required key missing is refused with a clear message."""

import json

import pytest

from interpbench_harness.benchmark_case import load_benchmark_case
from interpbench_harness.cases.registry import get_case
from interpbench_harness.cost import metered
from interpbench_harness.evaluation import evaluate
from interpbench_harness.methods.contract import MethodSettings
from interpbench_harness.methods.registry import load_methods
from interpbench_harness.report import (
    SCHEMA_VERSION,
    DiscoveryResult,
    Report,
    build_report,
    discovery_result,
    read_report,
    validate,
    write_report,
)
from interpbench_harness.report.journal import Journal, journal_path
from interpbench_harness.report.merge import merge_reports

RUN = {"methods": "ground_truth,random,broken", "cases": "3", "model_source": "tracr", "samples": 50, "seed": 0,
       "sweep": [0.0, 0.5], "method_options": {}, "shard": None, "started": "2025-01-01T00:00:00+00:00",
       "seconds": 1.5, "expected_results": 3, "complete": True}
REALISM = {"case": "3", "check": "ground_truth_accuracy", "kinds": {"tracr": {"accuracy": 1.0}}, "missing": {}}


@pytest.fixture(scope="module")
def results():
    """Results as the discovery suite and the collector make them: two scored methods on a real
    case, and a pair that sent nothing (the collector's entry for it)."""
    case = load_benchmark_case(get_case("3"), "tracr", 50)
    methods = load_methods()
    made = []
    for name in ("ground_truth", "random"):
        result = discovery_result(case, name)
        with metered(case.model) as cost:
            found = methods[name](case, MethodSettings(sweep=(0.0, 0.5)))
        result.update(seconds=0.25, cost=cost, metrics=evaluate(found, case.universe, case.ground_truth),
                      outcome="passed")
        made.append(result)
    made.append({"case": "3", "method": "broken", "outcome": "crashed", "error": "the worker died"})
    return made


@pytest.fixture
def written(results, tmp_path):
    path = tmp_path / "report.json"
    report = build_report(results, RUN, realism=[REALISM])
    write_report(path, report)
    return path, report


def test_a_discovery_result_has_every_declared_required_key(results):
    assert DiscoveryResult.__required_keys__ <= results[0].keys()
    assert len(results[0]["model_shape"]) == 2 and results[0]["ground_truth"]


def test_a_written_report_reads_back_equal_and_matches_the_schema(written):
    path, report = written
    assert read_report(path) == report
    assert report["schema_version"] == SCHEMA_VERSION and Report.__required_keys__ <= report.keys()
    assert set(report["models"]) == {"3"} and report["models"]["3"]["ground_truth"]
    assert all("model_shape" not in r and "ground_truth" not in r for r in report["results"])  # moved to models
    assert [r["method"] for r in report["results"]] == ["broken", "ground_truth", "random"]
    assert report["results"][1]["metrics"]["edge"]["rank_auroc"] == 1.0
    assert report["realism"] == [REALISM]


def test_journals_and_merged_reports_match_the_schema(results, written, tmp_path):
    path, report = written
    journal = Journal(journal_path(path), RUN)
    for result in results:
        journal.append(result)
    partial = read_report(journal.path)
    assert partial["run"]["complete"] is False and partial["results"] == report["results"]
    assert validate(merge_reports([report], [str(path)]), "merged") is not None


def _rewrite(path, change):
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize("version, message", [
    (1, "report schema version 1 is older than the version 2 this harness reads; re-run the benchmark"),
    (99, "report schema version 99 is not the version 2 this harness reads; read it with the interpbench-harness "
         "that wrote it, or upgrade this one"),
    (None, "has no schema_version, so it is not an interpbench report; give a file written by --report-json"),
])
def test_another_schema_version_is_refused_naming_the_file_and_the_remedy(written, version, message):
    path, _ = written
    _rewrite(path, lambda data: data.pop("schema_version") if version is None else data.update(schema_version=version))
    with pytest.raises(ValueError) as refused:
        read_report(path)
    assert str(refused.value).startswith(f"{path}: ") and message in str(refused.value)


@pytest.mark.parametrize("change, problem", [
    (lambda data: data.pop("models"), "models is missing"),
    (lambda data: data["run"].pop("complete"), "run.complete is missing"),
    (lambda data: data["results"][1].pop("method"), "results[1].method is missing"),
    (lambda data: data["results"][1].pop("metrics"), "results[1] has neither 'metrics' nor 'error'"),
    (lambda data: data["models"]["3"].pop("sha256"), "models['3'].sha256 is missing"),
    (lambda data: data["realism"][0].pop("check"), "realism[0].check is missing"),
    (lambda data: data.update(results={}), "results is a dict, not a list"),
])
def test_a_missing_required_key_is_refused_naming_it(written, change, problem):
    path, _ = written
    _rewrite(path, change)
    with pytest.raises(ValueError) as refused:
        read_report(path)
    message = str(refused.value)
    assert message.startswith(f"{path} does not match report schema version {SCHEMA_VERSION}: ")
    assert problem in message and "re-run the benchmark" in message


def test_a_file_that_is_not_a_json_object_is_refused(tmp_path):
    path = tmp_path / "list.json"
    path.write_text("[]")
    with pytest.raises(ValueError, match=r"list\.json is not an interpbench report: it holds a JSON list"):
        read_report(path)
