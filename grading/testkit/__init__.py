"""Helpers the katas' tests share: clocks, race amplifiers, scaling checks, Redis backends."""

from grading.testkit.calls import call_each
from grading.testkit.clocks import FakeClock, GateClock
from grading.testkit.markers import kata
from grading.testkit.perf import growth_ratio, peak_memory
from grading.testkit.races import run_threads

__all__ = [
    "FakeClock",
    "GateClock",
    "call_each",
    "growth_ratio",
    "kata",
    "peak_memory",
    "run_threads",
]
