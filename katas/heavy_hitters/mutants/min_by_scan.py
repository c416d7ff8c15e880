"""Mutant: the smallest counter is found by scanning all k counters on every eviction.

category: perf
Right answers, but an add costs O(k) instead of O(log k).
"""

from __future__ import annotations

from reference import heavy_hitters as reference

__all__ = ["CountMinSketch", "SpaceSaving"]

CountMinSketch = reference.CountMinSketch


class SpaceSaving(reference.SpaceSaving):
    def _smallest(self) -> str:
        return min(self._counts, key=lambda item: (self._counts[item], item))
