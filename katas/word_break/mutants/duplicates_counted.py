"""Mutant: the count walks the dictionary as given, so a duplicated word counts twice.

category: edge
"""

from __future__ import annotations

from collections.abc import Iterable

from reference.word_break import can_segment, segment

__all__ = ["can_segment", "count_segmentations", "segment"]


def count_segmentations(s: str, words: Iterable[str]) -> int:
    vocabulary = [w for w in words if w]
    ways = [0] * (len(s) + 1)
    ways[0] = 1
    for end in range(1, len(s) + 1):
        for word in vocabulary:
            start = end - len(word)
            if start >= 0 and s[start:end] == word:
                ways[end] += ways[start]
    return ways[len(s)]
