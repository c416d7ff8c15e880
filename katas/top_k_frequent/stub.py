"""Top K client IPs of a large access log.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


def parse_ip(line: str) -> str | None:
    """The client address of a log line (its first field), or None if that is not an IP address.

    IPv4 and IPv6 are accepted and returned in canonical form (one spelling per address).
    """
    raise NotImplementedError


def top_k(counts: Mapping[str, int], k: int) -> list[tuple[str, int]]:
    """The k entries with the largest counts as (key, count), largest first.

    Equal counts are ordered by key, smallest first, also when deciding who makes the cut.
    Fewer than k keys: all of them. k below 1: ValueError. Use O(k) extra memory.
    """
    raise NotImplementedError


@dataclass
class LogSummary:
    """Requests per client address, and how many non-blank lines had no valid address."""

    counts: Counter[str] = field(default_factory=Counter)
    malformed: int = 0

    def top(self, k: int) -> list[tuple[str, int]]:
        """top_k of the counts."""
        raise NotImplementedError


def summarize(lines: Iterable[str]) -> LogSummary:
    """Count the lines in one pass, holding one line at a time (the log may not fit in memory).

    Blank lines are skipped; other lines without a valid address are counted as malformed.
    """
    raise NotImplementedError


def top_k_ips(lines: Iterable[str], k: int) -> list[tuple[str, int]]:
    """The k busiest client addresses of the log (see top_k for order and errors)."""
    raise NotImplementedError


def top_k_across(summaries: Iterable[LogSummary], k: int) -> list[tuple[str, int]]:
    """The exact top k over logs summarized separately (one summary per machine)."""
    raise NotImplementedError
