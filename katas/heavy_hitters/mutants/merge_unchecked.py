"""Mutant: merge adds the tables of any two sketches, even with different seeds or sizes.

category: edge
"""

from __future__ import annotations

from reference import heavy_hitters as reference

__all__ = ["CountMinSketch", "SpaceSaving"]

SpaceSaving = reference.SpaceSaving


class CountMinSketch(reference.CountMinSketch):
    def merge(self, other: reference.CountMinSketch) -> None:
        with self._lock:
            self.total += other.total
            for mine, theirs in zip(self._rows, other._rows, strict=False):
                for cell, value in enumerate(theirs[: self.width]):
                    mine[cell] += value
