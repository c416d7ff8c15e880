"""Mutant: the log is read into a list before counting.

category: perf
Right answers, but memory grows with the number of lines instead of the distinct addresses.
"""

from __future__ import annotations

from collections.abc import Iterable

from reference import top_k_frequent as reference
from reference.top_k_frequent import LogSummary, parse_ip, top_k, top_k_across

__all__ = ["LogSummary", "parse_ip", "summarize", "top_k", "top_k_across", "top_k_ips"]


def summarize(lines: Iterable[str]) -> LogSummary:
    everything = list(lines)
    return reference.summarize(everything)


def top_k_ips(lines: Iterable[str], k: int) -> list[tuple[str, int]]:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return summarize(lines).top(k)
