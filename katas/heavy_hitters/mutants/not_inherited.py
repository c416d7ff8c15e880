"""Mutant: a newcomer taking over the smallest counter starts from its own count, not the floor.

category: property
An item evicted before comes back with a count below its true count, and a heavy item can be
missed.
"""

from __future__ import annotations

from reference import heavy_hitters as reference

__all__ = ["CountMinSketch", "SpaceSaving"]

CountMinSketch = reference.CountMinSketch


class SpaceSaving(reference.SpaceSaving):
    def add(self, item: str, count: int = 1) -> None:
        replacing = item not in self._counts and len(self._counts) == self.k
        super().add(item, count)
        if replacing:
            with self._lock:
                self._counts[item] = count
                self._errors[item] = 0
                self._heap.append((count, item))
                self._heap.sort()
