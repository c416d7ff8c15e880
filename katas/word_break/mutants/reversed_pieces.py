"""Mutant: segment() returns the pieces last word first (the back-walk is never reversed).

category: example
"""

from __future__ import annotations

from collections.abc import Iterable

from reference import word_break as reference
from reference.word_break import can_segment, count_segmentations

__all__ = ["can_segment", "count_segmentations", "segment"]


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    pieces = reference.segment(s, words)
    return None if pieces is None else pieces[::-1]
