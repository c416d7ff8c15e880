"""Mutant: greedy longest match, never backing out of a choice.

category: edge
It fails whenever the longest word at some point leads to a dead end.
"""

from __future__ import annotations

from collections.abc import Iterable

from reference.word_break import count_segmentations

__all__ = ["can_segment", "count_segmentations", "segment"]


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    vocabulary = sorted({w for w in words if w}, key=len, reverse=True)
    pieces: list[str] = []
    start = 0
    while start < len(s):
        match = next((w for w in vocabulary if s.startswith(w, start)), None)
        if match is None:
            return None
        pieces.append(match)
        start += len(match)
    return pieces


def can_segment(s: str, words: Iterable[str]) -> bool:
    return segment(s, words) is not None
