"""Mutant: an entry counts as expired only once now > expires_at (`<` for `<=`).

category: clock
At the exact instant of expiry it is still served.
"""

from __future__ import annotations

from typing import Any

from reference.ttl_lru_cache import StripedTTLCache
from reference.ttl_lru_cache import TTLCache as _Reference

__all__ = ["StripedTTLCache", "TTLCache"]


class TTLCache(_Reference[Any, Any]):
    @staticmethod
    def _expired(expires_at: float, now: float) -> bool:
        return expires_at < now
