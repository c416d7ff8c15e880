"""Mutant: a heap without a position index; an updated key is found by a linear search.

category: perf
Right answers, but every record costs O(K) instead of O(log K).
"""

from __future__ import annotations

from reference import top_k_window as reference

__all__ = ["IndexedHeap", "TopKWindow"]


class IndexedHeap(reference.IndexedHeap):
    def __contains__(self, key: str) -> bool:
        return key in self._items

    def update(self, key: str) -> None:
        index = next(i for i, item in enumerate(self._items) if item == key)
        if not self._up(index):
            self._down(index)

    def remove(self, key: str) -> None:
        index = next(i for i, item in enumerate(self._items) if item == key)
        del self._pos[key]
        last = self._items.pop()
        if index < len(self._items):
            self._items[index] = last
            self._pos[last] = index
            self.update(last)


class TopKWindow(reference.TopKWindow):
    def __init__(self, k: int, window: float = 300.0) -> None:
        super().__init__(k, window)
        self._top = IndexedHeap(lambda a, b: self._better(b, a))
        self._rest = IndexedHeap(self._better)
