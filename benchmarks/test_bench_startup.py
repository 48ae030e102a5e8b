"""Start-up time of the two commands a user runs first, against references timed in the same run.

    .venv/bin/python -m pytest benchmarks/test_bench_startup.py --benchmark-json=benchmark-startup.json

Each command runs in a fresh interpreter (a subprocess, ROUNDS times after a warm-up that fills
the OS file cache); the references are an empty interpreter (`python -c pass`) and pytest alone
(`python -m pytest --version`). On a shared machine absolute times drift with the load, so
`extra_info` has each command's and each reference's median seconds, measured interleaved round by
round, and their ratios. The target is under 2 s for both commands; what keeps them there is that
torch, TransformerLens and tracr's compiler (JAX) are imported only where a model is needed
(`tests/test_startup_imports.py` checks that).
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ROUNDS = 5

COMMANDS = {
    "collect_suites": [PYTHON, "-m", "pytest", "suites/", "--collect-only", "-q", "-p", "no:cacheprovider"],
    "interpbench_help": [str(Path(PYTHON).parent / "interpbench"), "--help"],
}
REFERENCES = {
    "python_pass": [PYTHON, "-c", "pass"],
    "pytest_version": [PYTHON, "-m", "pytest", "--version"],
}


def _seconds(command) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return seconds


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_startup(benchmark, name):
    command = COMMANDS[name]
    for warm_up in (command, *REFERENCES.values()):
        _seconds(warm_up)
    times = {name: [], **{ref: [] for ref in REFERENCES}}

    def references():  # before each timed round, untimed by the benchmark: the same load for both
        for ref, ref_command in REFERENCES.items():
            times[ref].append(_seconds(ref_command))

    def run():
        times[name].append(_seconds(command))

    benchmark.group = "start-up"
    benchmark.pedantic(run, setup=references, rounds=ROUNDS, iterations=1)
    medians = {key: statistics.median(values) for key, values in times.items()}
    benchmark.extra_info.update({
        "command": " ".join(Path(part).name if i == 0 else part for i, part in enumerate(command)),
        "rounds": ROUNDS,
        "seconds": round(medians[name], 3),
        "seconds_each_round": [round(s, 3) for s in times[name]],
        **{f"{ref}_seconds": round(medians[ref], 3) for ref in REFERENCES},
        **{f"over_{ref}": round(medians[name] / medians[ref], 2) for ref in REFERENCES},
    })
