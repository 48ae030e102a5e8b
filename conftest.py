"""Checkout-wide pytest wiring: load the harness's plugin (it is not auto-loaded when installed)."""

pytest_plugins = ["interpbench_harness.plugin"]
