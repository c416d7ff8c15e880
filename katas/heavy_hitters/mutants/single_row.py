"""Mutant: the count-min sketch keeps a single hash row, whatever delta asks for.

category: property
One row is inflated by every collision: the eps * N bound fails for far more than delta of items.
"""

from __future__ import annotations

from reference import heavy_hitters as reference

__all__ = ["CountMinSketch", "SpaceSaving"]

SpaceSaving = reference.SpaceSaving


class CountMinSketch(reference.CountMinSketch):
    def __init__(self, epsilon: float, delta: float, seed: int = 0) -> None:
        super().__init__(epsilon, delta, seed)
        self.depth = 1
        self._rows = self._rows[:1]
