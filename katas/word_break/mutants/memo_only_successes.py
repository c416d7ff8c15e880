"""Mutant: a memo that records only the suffixes that succeed.

category: perf
Dead ends are explored again every time, so "aaaa...ab" is still exponential.
"""

from __future__ import annotations

from collections.abc import Iterable

from reference.word_break import count_segmentations

__all__ = ["can_segment", "count_segmentations", "segment"]


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    vocabulary = {w for w in words if w}
    memo: dict[int, list[str]] = {len(s): []}

    def search(start: int) -> list[str] | None:
        if start in memo:
            return memo[start]
        for end in range(start + 1, len(s) + 1):
            word = s[start:end]
            if word in vocabulary:
                rest = search(end)
                if rest is not None:
                    memo[start] = [word, *rest]
                    return memo[start]
        return None  # the failure is not remembered

    return search(0)


def can_segment(s: str, words: Iterable[str]) -> bool:
    return segment(s, words) is not None
