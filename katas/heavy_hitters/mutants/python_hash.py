"""Mutant: the rows hash items with Python's built-in hash(), salted per process.

category: edge
Two runs (or two servers) put the same item in different cells: results change between runs and
sketches from different processes cannot be merged.
"""

from __future__ import annotations

from reference import heavy_hitters as reference

__all__ = ["CountMinSketch", "SpaceSaving"]

SpaceSaving = reference.SpaceSaving


class CountMinSketch(reference.CountMinSketch):
    def _cells(self, item: str) -> list[int]:
        return [hash((self.seed, row, item)) % self.width for row in range(self.depth)]
