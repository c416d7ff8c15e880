"""Mutant: top_k sorts every distinct address and slices the first k.

category: perf
Right answers, but O(n log n) time and O(n) extra memory instead of a size-K heap.
"""

from __future__ import annotations

from collections.abc import Mapping

from reference import top_k_frequent as reference
from reference.top_k_frequent import LogSummary, parse_ip, summarize

__all__ = ["LogSummary", "parse_ip", "summarize", "top_k", "top_k_across", "top_k_ips"]


def top_k(counts: Mapping[str, int], k: int) -> list[tuple[str, int]]:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]


reference.top_k = top_k
top_k_ips = reference.top_k_ips
top_k_across = reference.top_k_across
