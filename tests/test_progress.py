"""Progress lines of the long CLI commands: a line per item (throttled) or a bar, with an ETA."""

import io

from interpbench_harness.cli import main
from interpbench_harness.progress import Progress, duration


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_duration_reads_naturally():
    assert [duration(s) for s in (4.4, 65, 3725)] == ["4 s", "1 min 5 s", "1 h 2 min"]


def test_lines_carry_position_and_eta_and_are_throttled():
    clock, out = Clock(), io.StringIO()
    progress = Progress(4, "compiling case", stream=out, interval=3.0, clock=clock, bar=False)
    for case_id, seconds in (("3", 2.0), ("8", 2.0), ("14", 2.0), ("46", 2.0)):
        progress.start(case_id)
        clock.now += seconds
    progress.finish()
    lines = out.getvalue().splitlines()
    # the first item, the one 4 s after it (not the one 2 s after it: under 3 s) and the last
    assert lines == ["compiling case 3 (1/4)", "compiling case 14 (3/4), 4 s so far, ETA 4 s",
                     "compiling case 46 (4/4), 6 s so far, ETA 2 s"]


def test_a_terminal_gets_one_redrawn_line_and_quiet_gets_nothing():
    clock, out = Clock(), io.StringIO()
    progress = Progress(2, "training case", stream=out, clock=clock, bar=True)
    progress.start("8")
    clock.now += 10
    progress.start("13")
    progress.finish()
    text = out.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and "training case 13 (2/2), 10 s so far, ETA 10 s" in text
    silent = io.StringIO()
    quiet = Progress(2, "training case", enabled=False, stream=silent, bar=True)
    quiet.start("8"), quiet.finish()
    assert silent.getvalue() == ""


def test_cases_announces_the_cases_it_compiles_on_stderr(capsys, monkeypatch):
    """Cases missing from the cache are announced (here: made to look missing); --quiet is silent."""
    monkeypatch.setattr("interpbench_harness.compiled_cases.is_cached", lambda spec: spec.case_id != "8")
    assert main(["cases", "--cases", "3,8"]) == 0
    captured = capsys.readouterr()
    assert "compiling case 8 (1/1)" in captured.err and "compiled 1 case in" in captured.err
    assert "compiling" not in captured.out
    assert main(["cases", "--cases", "3,8", "--quiet"]) == 0
    assert capsys.readouterr().err == ""
