"""Mutant: the textbook DP trying every earlier split point, not just the word lengths.

category: perf
O(n^2) substring checks: correct, but a long text takes far too long.
"""

from __future__ import annotations

from collections.abc import Iterable

from reference.word_break import count_segmentations

__all__ = ["can_segment", "count_segmentations", "segment"]


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    vocabulary = {w for w in words if w}
    cut = [-1] * (len(s) + 1)
    cut[0] = 0
    for end in range(1, len(s) + 1):
        for start in range(end):
            if cut[start] != -1 and s[start:end] in vocabulary:
                cut[end] = start
                break
    if cut[len(s)] == -1:
        return None
    pieces: list[str] = []
    end = len(s)
    while end > 0:
        pieces.append(s[cut[end] : end])
        end = cut[end]
    return pieces[::-1]


def can_segment(s: str, words: Iterable[str]) -> bool:
    return segment(s, words) is not None
