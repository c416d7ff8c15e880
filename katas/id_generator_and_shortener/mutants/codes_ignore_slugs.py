"""Mutant: generated codes do not skip codes that custom slugs already hold.

category: edge
A generated code lands on a slug and overwrites someone's link.
"""

from __future__ import annotations

from reference import id_generator_and_shortener as reference
from reference.id_generator_and_shortener import *  # noqa: F403

__all__ = [name for name in dir(reference) if not name.startswith("_")]


class Shortener(reference.Shortener):
    def _next_code(self) -> str:
        self._counter += 1
        return reference.base62_encode(self._counter).rjust(reference.CODE_LENGTH, "0")
