"""Mutant: every redirect is a permanent 301, custom slugs and expiring links included.

category: example
Browsers cache a 301 for good, so a remapped slug or an expired link keeps redirecting.
"""

from __future__ import annotations

from reference import id_generator_and_shortener as reference
from reference.id_generator_and_shortener import *  # noqa: F403

__all__ = [name for name in dir(reference) if not name.startswith("_")]


class Shortener(reference.Shortener):
    def resolve(self, code: str) -> reference.Redirect:
        return reference.Redirect(301, super().resolve(code).location)
