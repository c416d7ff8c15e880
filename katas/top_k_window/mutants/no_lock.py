"""Mutant: no lock, so threads interleave inside the heaps' updates.

category: concurrency
"""

from __future__ import annotations

from contextlib import nullcontext

from reference import top_k_window as reference

__all__ = ["IndexedHeap", "TopKWindow"]

IndexedHeap = reference.IndexedHeap


class TopKWindow(reference.TopKWindow):
    def __init__(self, k: int, window: float = 300.0) -> None:
        super().__init__(k, window)
        self._lock = nullcontext()  # type: ignore[assignment]
