"""Mutant: the estimate subtracts the average collision noise from the row minimum.

category: property
The estimate can fall below the true count, which a count-min sketch must never do.
"""

from __future__ import annotations

from reference import heavy_hitters as reference

__all__ = ["CountMinSketch", "SpaceSaving"]

SpaceSaving = reference.SpaceSaving


class CountMinSketch(reference.CountMinSketch):
    def estimate(self, item: str) -> int:
        raw = super().estimate(item)
        noise = (self.total - raw) // (self.width - 1)
        return max(0, raw - noise)
