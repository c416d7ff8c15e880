"""Mutant: next_id takes no lock.

category: concurrency
Two threads read the same last millisecond and sequence and issue the same id.
"""

from __future__ import annotations

from contextlib import nullcontext

from reference import id_generator_and_shortener as reference
from reference.id_generator_and_shortener import *  # noqa: F403

__all__ = [name for name in dir(reference) if not name.startswith("_")]


class SnowflakeGenerator(reference.SnowflakeGenerator):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._lock = nullcontext()  # type: ignore[assignment]
