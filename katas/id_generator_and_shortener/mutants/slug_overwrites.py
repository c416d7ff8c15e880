"""Mutant: a custom slug that is already taken silently replaces the existing link.

category: edge
"""

from __future__ import annotations

from reference import id_generator_and_shortener as reference
from reference.id_generator_and_shortener import *  # noqa: F403

__all__ = [name for name in dir(reference) if not name.startswith("_")]


class Shortener(reference.Shortener):
    def shorten(self, url: str, *, slug: str | None = None, ttl_ms: int | None = None) -> str:
        if slug is not None:
            self._links.pop(slug, None)
        return super().shorten(url, slug=slug, ttl_ms=ttl_ms)
