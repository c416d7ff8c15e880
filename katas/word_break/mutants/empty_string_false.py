"""Mutant: the empty string is treated as not segmentable.

category: edge
The base case is wrong: zero words segment the empty string.
"""

from __future__ import annotations

from collections.abc import Iterable

from reference import word_break as reference

__all__ = ["can_segment", "count_segmentations", "segment"]


def can_segment(s: str, words: Iterable[str]) -> bool:
    return bool(s) and reference.can_segment(s, words)


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    return reference.segment(s, words) if s else None


def count_segmentations(s: str, words: Iterable[str]) -> int:
    return reference.count_segmentations(s, words) if s else 0
