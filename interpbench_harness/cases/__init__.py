"""Benchmark case specs and the registry of every case."""
