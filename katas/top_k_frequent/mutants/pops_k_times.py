"""Mutant: one heap of every address, then k pops, which fails when k exceeds the distinct count.

category: edge
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping

from reference import top_k_frequent as reference
from reference.top_k_frequent import LogSummary, parse_ip, summarize

__all__ = ["LogSummary", "parse_ip", "summarize", "top_k", "top_k_across", "top_k_ips"]


def top_k(counts: Mapping[str, int], k: int) -> list[tuple[str, int]]:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    heap = [(-count, ip) for ip, count in counts.items()]
    heapq.heapify(heap)
    result = []
    for _ in range(k):
        count, ip = heapq.heappop(heap)
        result.append((ip, -count))
    return result


reference.top_k = top_k
top_k_ips = reference.top_k_ips
top_k_across = reference.top_k_across
