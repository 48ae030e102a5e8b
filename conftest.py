"""Checkout-wide pytest wiring: the harness's plugin (also installed as a pytest11 entry point)."""

pytest_plugins = ["interpbench_harness.pytest_plugin"]
