"""Top K client IPs of an access log: stream the lines, count, keep a size-K heap."""

from __future__ import annotations

import heapq
import ipaddress
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def parse_ip(line: str) -> str | None:
    """The client address (the first field) in canonical form, or None if it is not an address."""
    fields = line.split(maxsplit=1)
    if not fields:
        return None
    try:
        return str(ipaddress.ip_address(fields[0]))
    except ValueError:
        return None


@dataclass(frozen=True, order=False)
class _Ranked:
    """A heap entry ordered worst first: fewer requests, then the larger address on a tie."""

    count: int
    ip: str

    def __lt__(self, other: _Ranked) -> bool:
        if self.count != other.count:
            return self.count < other.count
        return self.ip > other.ip


def top_k(counts: Mapping[str, int], k: int) -> list[tuple[str, int]]:
    """The k largest counts, most first, ties by address ascending. O(n log k) time, O(k) space."""
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    heap: list[_Ranked] = []
    for ip, count in counts.items():
        if len(heap) < k:  # k may exceed the distinct keys: the heap is just never full
            heapq.heappush(heap, _Ranked(count, ip))
        elif count >= heap[0].count:  # fewer requests than the worst kept can never get in
            entry = _Ranked(count, ip)
            if heap[0] < entry:  # better than the worst kept: it takes its place
                heapq.heapreplace(heap, entry)
    ranked = sorted(heap, reverse=True)
    return [(entry.ip, entry.count) for entry in ranked]


@dataclass
class LogSummary:
    """Requests per client address, and how many lines could not be parsed."""

    counts: Counter[str] = field(default_factory=Counter)
    malformed: int = 0

    def top(self, k: int) -> list[tuple[str, int]]:
        return top_k(self.counts, k)


def summarize(lines: Iterable[str]) -> LogSummary:
    """Count one pass over the lines, never holding more than one line: memory O(distinct IPs)."""
    summary = LogSummary()
    for line in lines:
        if not line.strip():
            continue  # blank lines (the end of a file) are not requests and not errors
        ip = parse_ip(line)
        if ip is None:
            summary.malformed += 1
        else:
            summary.counts[ip] += 1
    return summary


def top_k_ips(lines: Iterable[str], k: int) -> list[tuple[str, int]]:
    if k < 1:
        raise ValueError(f"k must be at least 1, got {k}")
    return summarize(lines).top(k)


def top_k_across(summaries: Iterable[LogSummary], k: int) -> list[tuple[str, int]]:
    """Top K over logs counted on several machines.

    The full counts must be merged before choosing: an address ranked just below K on every
    machine can still be first overall, so merging each machine's local top K is wrong.
    """
    total: Counter[str] = Counter()
    for summary in summaries:
        total.update(summary.counts)
    return top_k(total, k)
