"""Mutant: requests never leave the window.

category: clock
Counts only grow: the top is the all-time top, not the last five minutes'.
"""

from __future__ import annotations

from reference import top_k_window as reference

__all__ = ["IndexedHeap", "TopKWindow"]

IndexedHeap = reference.IndexedHeap


class TopKWindow(reference.TopKWindow):
    def _advance(self, now: float) -> None:
        if now < self._latest:
            raise ValueError(f"time went backwards: {now} after {self._latest}")
        self._latest = now
