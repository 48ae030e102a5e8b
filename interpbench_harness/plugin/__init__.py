"""The pytest plugin: `pytest suites/ --method=NAME [--cases=...] [-n 2]`.

Not auto-loaded (no pytest11 entry point): an installed harness must never add its options to
another project's pytest session. The checkout's conftest.py loads it; an external suite loads
it with `pytest -p interpbench_harness.plugin` or `pytest_plugins = ["interpbench_harness.plugin"]`
in its own root conftest.py.

Split by role: `hooks` (the options and the hooks that use them), `settings` (the run's settings,
parsed and checked once at start-up), `fixtures` (what tests and methods are given) and
`collector` (the controller's results, report and table). Import-light: torch and
TransformerLens load only when a case is built.
"""

pytest_plugins = ["interpbench_harness.plugin.hooks", "interpbench_harness.plugin.fixtures"]
