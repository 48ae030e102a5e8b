"""The harness installed in an environment must not change another project's pytest session,
and an external suite loads the plugin explicitly."""

import shutil
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

REPO = Path(__file__).resolve().parents[1]

FOREIGN_CONFTEST = '''
def pytest_addoption(parser):
    parser.addoption("--seed", type=int, default=1)
    parser.addoption("--cases", default="theirs")
    parser.addoption("--method", default="theirs")
'''

FOREIGN_TEST = '''
def test_their_options(pytestconfig):
    assert pytestconfig.getoption("--seed") == 7
    assert pytestconfig.getoption("--cases") == "a,b"
    assert pytestconfig.getoption("--method") == "theirs"
'''


@pytest.mark.subprocess
def test_a_project_with_its_own_seed_cases_and_method_options_runs_unchanged(pytester):
    pytester.makeconftest(FOREIGN_CONFTEST)
    pytester.makepyfile(test_foreign=FOREIGN_TEST)
    result = pytester.runpytest_subprocess("--seed=7", "--cases=a,b", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)
    assert "interpbench" not in result.stdout.str()


def test_the_package_registers_no_auto_loaded_pytest_plugin():
    from importlib import metadata

    ours = [entry for entry in metadata.entry_points(group="pytest11") if entry.value.startswith("interpbench_harness")]
    assert ours == [], f"auto-loaded into every pytest session: {ours}"


@pytest.mark.subprocess
def test_an_external_suite_loads_the_plugin_with_dash_p(pytester):
    (pytester.path / "bench").mkdir()
    shutil.copy(REPO / "suites" / "test_discovery.py", pytester.path / "bench" / "test_discovery.py")
    result = pytester.runpytest_subprocess(
        "-p", "interpbench_harness.plugin", "-p", "no:cacheprovider", "bench", "--method=ground_truth",
        "--cases=3", "--model-source=tracr", "--samples=20",
    )
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*interpbench results*", "*ground_truth*1.000*"])
