"""Benchmarks (`make bench`): they print measured figures and never assert timings."""
