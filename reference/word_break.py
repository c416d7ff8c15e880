"""Word break: can a string be cut into dictionary words? Bottom-up DP over prefix ends."""

from __future__ import annotations

from collections.abc import Iterable


def _lengths_and_words(words: Iterable[str]) -> tuple[list[int], frozenset[str]]:
    # A set, so duplicates in the input count once; the empty word would never make progress.
    vocabulary = frozenset(word for word in words if word)
    return sorted({len(word) for word in vocabulary}), vocabulary


def _last_cuts(s: str, words: Iterable[str]) -> list[int]:
    """cut[i]: where the last word of one segmentation of s[:i] starts; -1 if s[:i] has none.

    Only the distinct word lengths are tried at each end, so the work is O(len(s) * lengths)
    whatever the input: "aaaa...ab" costs the same as any other string of its length.
    """
    lengths, vocabulary = _lengths_and_words(words)
    cut = [-1] * (len(s) + 1)
    cut[0] = 0  # the empty prefix is segmented by zero words
    for end in range(1, len(s) + 1):
        for length in lengths:
            start = end - length
            if start < 0:
                break
            if cut[start] != -1 and s[start:end] in vocabulary:
                cut[end] = start
                break
    return cut


def can_segment(s: str, words: Iterable[str]) -> bool:
    return _last_cuts(s, words)[len(s)] != -1


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    cut = _last_cuts(s, words)
    if cut[len(s)] == -1:
        return None
    # Walk the recorded cuts back from the end, then reverse into reading order.
    pieces: list[str] = []
    end = len(s)
    while end > 0:
        start = cut[end]
        pieces.append(s[start:end])
        end = start
    pieces.reverse()
    return pieces


def count_segmentations(s: str, words: Iterable[str]) -> int:
    lengths, vocabulary = _lengths_and_words(words)
    # ways[i]: number of distinct segmentations of s[:i]. The count can be exponential in len(s);
    # Python ints hold it exactly, and the DP never enumerates the segmentations themselves.
    ways = [0] * (len(s) + 1)
    ways[0] = 1
    for end in range(1, len(s) + 1):
        for length in lengths:
            start = end - length
            if start < 0:
                break
            if ways[start] and s[start:end] in vocabulary:
                ways[end] += ways[start]
    return ways[len(s)]
