"""Benchmarks (issue 10): realistic data at scale, page latency under load, query counts, import speed.

Run them with `make bench` (or `python bench/run.py`); see the README, "Performance".
"""
