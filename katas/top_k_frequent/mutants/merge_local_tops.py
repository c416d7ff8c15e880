"""Mutant: each machine sends only its own top K, and the global top K is chosen from those.

category: example
An address just below K on every machine, first overall, is never seen.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from reference.top_k_frequent import LogSummary, parse_ip, summarize, top_k, top_k_ips

__all__ = ["LogSummary", "parse_ip", "summarize", "top_k", "top_k_across", "top_k_ips"]


def top_k_across(summaries: Iterable[LogSummary], k: int) -> list[tuple[str, int]]:
    total: Counter[str] = Counter()
    for summary in summaries:
        total.update(dict(summary.top(k)))
    return top_k(total, k)
