"""Mutant: top-down recursion with a memo, one call level per word.

category: perf
Right and polynomial, but its depth grows with the string: a long text hits the recursion limit.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from reference import word_break as reference

__all__ = ["can_segment", "count_segmentations", "segment"]

segment = reference.segment
count_segmentations = reference.count_segmentations


def can_segment(s: str, words: Iterable[str]) -> bool:
    vocabulary = frozenset(word for word in words if word)
    lengths = sorted({len(word) for word in vocabulary})

    @functools.cache
    def from_(start: int) -> bool:
        if start == len(s):
            return True
        return any(
            s[start : start + n] in vocabulary and from_(start + n)
            for n in lengths
            if start + n <= len(s)
        )

    return from_(0)
