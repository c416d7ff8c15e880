"""heapq.nsmallest with a (-count, key) sort key ranks; socket.inet_pton/inet_ntop parse addresses.

nsmallest keeps a heap of k entries while it scans, so ranking holds O(k) extra memory; the
machines' counts are merged by adding Counters.
"""

from __future__ import annotations

import heapq
import socket
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def parse_ip(line: str) -> str | None:
    first = line.split(None, 1)[0] if line.strip() else ""
    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            return socket.inet_ntop(family, socket.inet_pton(family, first))
        except (OSError, ValueError):
            continue
    return None


def top_k(counts: Mapping[str, int], k: int) -> list[tuple[str, int]]:
    if k < 1:
        raise ValueError("k must be at least 1")
    return heapq.nsmallest(k, counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class LogSummary:
    counts: Counter[str] = field(default_factory=Counter)
    malformed: int = 0

    def top(self, k: int) -> list[tuple[str, int]]:
        return top_k(self.counts, k)


def summarize(lines: Iterable[str]) -> LogSummary:
    counts: Counter[str] = Counter()
    malformed = 0
    for text in lines:
        if text.isspace() or not text:
            continue
        ip = parse_ip(text)
        if ip is None:
            malformed += 1
        else:
            counts[ip] += 1
    return LogSummary(counts, malformed)


def top_k_ips(lines: Iterable[str], k: int) -> list[tuple[str, int]]:
    if k < 1:
        raise ValueError("k must be at least 1")
    return summarize(lines).top(k)


def top_k_across(summaries: Iterable[LogSummary], k: int) -> list[tuple[str, int]]:
    total: Counter[str] = Counter()
    for summary in summaries:
        total += summary.counts
    return top_k(total, k)
