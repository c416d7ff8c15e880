"""Mutant: expired links keep redirecting instead of answering Gone.

category: clock
"""

from __future__ import annotations

from reference import id_generator_and_shortener as reference
from reference.id_generator_and_shortener import *  # noqa: F403

__all__ = [name for name in dir(reference) if not name.startswith("_")]


class Shortener(reference.Shortener):
    def resolve(self, code: str) -> reference.Redirect:
        link = self._links.get(code)
        if link is None:
            raise reference.NotFound(code)
        permanent = link.expires_at_ms is None and not link.custom
        return reference.Redirect(301 if permanent else 302, link.url)
