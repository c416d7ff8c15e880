"""Mutant: on equal counts the heap keeps the larger address instead of the smaller.

category: edge
"""

from __future__ import annotations

from reference import top_k_frequent as reference
from reference.top_k_frequent import (
    LogSummary,
    parse_ip,
    summarize,
    top_k_across,
    top_k_ips,
)

__all__ = ["LogSummary", "parse_ip", "summarize", "top_k", "top_k_across", "top_k_ips"]


class _Ranked(reference._Ranked):
    def __lt__(self, other: reference._Ranked) -> bool:
        return (self.count, self.ip) < (other.count, other.ip)


reference._Ranked = _Ranked  # type: ignore[misc]
top_k = reference.top_k
