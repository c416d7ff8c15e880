"""Mutant: every entry gets exactly `ttl`, no jitter.

category: example
Entries filled together expire together, and the store takes the reload spike all at once.
"""

from __future__ import annotations

from reference import cache_aside as reference
from reference.cache_aside import Store

__all__ = ["CacheAside", "Store"]


class CacheAside(reference.CacheAside):
    def _ttl_ms(self) -> int:
        return round(self.ttl * 1000)
