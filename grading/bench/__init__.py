"""Benchmarks: each reference solution against the established library doing the same job.

Run with `nox -s bench` (or `python -m grading.bench [SLUG ...]` in an environment with the
`bench` extra). Not part of the test run: timings are noisy, only the ratios mean something.
"""
