"""Mutant: the size-K heap evicts the wrong end and keeps the least frequent addresses.

category: example
"""

from __future__ import annotations

from reference import top_k_frequent as reference
from reference.top_k_frequent import LogSummary, parse_ip, summarize

__all__ = ["LogSummary", "parse_ip", "summarize", "top_k", "top_k_across", "top_k_ips"]


class _Ranked(reference._Ranked):
    def __lt__(self, other: reference._Ranked) -> bool:
        return not reference._Ranked.__lt__(self, other) and self != other


reference._Ranked = _Ranked  # type: ignore[misc]
top_k = reference.top_k
top_k_ips = reference.top_k_ips
top_k_across = reference.top_k_across
