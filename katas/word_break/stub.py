"""Word break.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

from collections.abc import Iterable


def can_segment(s: str, words: Iterable[str]) -> bool:
    """True if `s` is a concatenation of zero or more words from `words` (each reusable).

    Matching is exact (case-sensitive). The empty string is segmented by zero words. Empty strings
    in `words` are ignored. Must stay fast on inputs like "aaaa...ab".
    """
    raise NotImplementedError


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    """One segmentation of `s` as a list of words in reading order, or None if there is none.

    "".join(result) == s and every piece is in `words`; the empty string gives [].
    """
    raise NotImplementedError


def count_segmentations(s: str, words: Iterable[str]) -> int:
    """The number of distinct ways to cut `s` into words (0 if none, 1 for the empty string).

    Duplicates in `words` do not count twice. The answer may be huge: return it exactly.
    """
    raise NotImplementedError
