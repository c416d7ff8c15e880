"""Mutant: the first field is counted as an address without checking it.

category: edge
Garbage lines become "addresses" and nothing is reported as malformed.
"""

from __future__ import annotations

from reference import top_k_frequent as reference
from reference.top_k_frequent import LogSummary, summarize, top_k, top_k_across, top_k_ips

__all__ = ["LogSummary", "parse_ip", "summarize", "top_k", "top_k_across", "top_k_ips"]


def parse_ip(line: str) -> str | None:
    fields = line.split(maxsplit=1)
    return fields[0] if fields else None


reference.parse_ip = parse_ip
