"""Mutant: plain backtracking without a memo.

category: perf
Correct answers, but "aaaa...ab" takes exponential time.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["can_segment", "count_segmentations", "segment"]


def _search(s: str, start: int, vocabulary: set[str]) -> list[str] | None:
    if start == len(s):
        return []
    for end in range(start + 1, len(s) + 1):
        word = s[start:end]
        if word in vocabulary:
            rest = _search(s, end, vocabulary)
            if rest is not None:
                return [word, *rest]
    return None


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    return _search(s, 0, {w for w in words if w})


def can_segment(s: str, words: Iterable[str]) -> bool:
    return segment(s, words) is not None


def _count(s: str, start: int, vocabulary: set[str]) -> int:
    if start == len(s):
        return 1
    return sum(
        _count(s, end, vocabulary)
        for end in range(start + 1, len(s) + 1)
        if s[start:end] in vocabulary
    )


def count_segmentations(s: str, words: Iterable[str]) -> int:
    return _count(s, 0, {w for w in words if w})
