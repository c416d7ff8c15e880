"""A trie of the words, walked forward from every reachable start (no substring slicing).

Each position that some segmentation reaches is a start: walking the trie along the text from
there marks every word end as reachable (or adds its ways, when counting) and remembers where the
word began, so one segmentation is read back from the end.
"""

from __future__ import annotations

from collections.abc import Iterable

END = ""  # key marking "a word ends here" in a trie node


def _trie(words: Iterable[str]) -> dict:
    root: dict = {}
    for word in words:
        if not word:
            continue
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[END] = True
    return root


def _ends(s: str, start: int, root: dict) -> Iterable[int]:
    node = root
    for index in range(start, len(s)):
        node = node.get(s[index])
        if node is None:
            return
        if END in node:
            yield index + 1


def _ways(s: str, words: Iterable[str], count: bool = False) -> tuple[list[int], list[int]]:
    """ways[i]: segmentations of s[:i] when counting, else 1 if there is one (no big ints)."""
    root = _trie(words)
    ways = [0] * (len(s) + 1)
    came_from = [-1] * (len(s) + 1)
    ways[0] = 1
    for start in range(len(s)):
        if not ways[start]:
            continue
        for end in _ends(s, start, root):
            ways[end] = ways[end] + ways[start] if count else 1
            if came_from[end] == -1:
                came_from[end] = start
    return ways, came_from


def can_segment(s: str, words: Iterable[str]) -> bool:
    return _ways(s, words)[0][len(s)] == 1


def segment(s: str, words: Iterable[str]) -> list[str] | None:
    ways, came_from = _ways(s, words)
    if not ways[len(s)]:
        return None
    pieces: list[str] = []
    end = len(s)
    while end:
        pieces.append(s[came_from[end] : end])
        end = came_from[end]
    return pieces[::-1]


def count_segmentations(s: str, words: Iterable[str]) -> int:
    return _ways(s, words, count=True)[0][len(s)]
