"""Mutant: a clock that steps back is not noticed; the earlier time is used as it is.

category: clock
Ids go backwards, and the same millisecond's sequence can be issued twice.
"""

from __future__ import annotations

from reference import id_generator_and_shortener as reference
from reference.id_generator_and_shortener import *  # noqa: F403

__all__ = [name for name in dir(reference) if not name.startswith("_")]


class SnowflakeGenerator(reference.SnowflakeGenerator):
    def next_id(self) -> int:
        with self._lock:
            now = self._clock()
            if now == self._last_ms:
                self._sequence = (self._sequence + 1) & reference.MAX_SEQUENCE
                if self._sequence == 0:
                    while now <= self._last_ms:
                        now = self._clock()
            else:
                self._sequence = 0
            self._last_ms = now
            return ((now - reference.EPOCH_MS) << 22) | (self.worker_id << 12) | self._sequence
