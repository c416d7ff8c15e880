"""Mutant: after 4096 ids in one millisecond the sequence wraps to 0 without waiting.

category: clock
The 4097th id of a millisecond repeats the first.
"""

from __future__ import annotations

from reference import id_generator_and_shortener as reference
from reference.id_generator_and_shortener import *  # noqa: F403

__all__ = [name for name in dir(reference) if not name.startswith("_")]


class SnowflakeGenerator(reference.SnowflakeGenerator):
    def next_id(self) -> int:
        with self._lock:
            now = self._clock()
            if now < self._last_ms:
                raise reference.ClockMovedBackwards(now)
            if now == self._last_ms:
                self._sequence = (self._sequence + 1) & reference.MAX_SEQUENCE
            else:
                self._sequence = 0
            self._last_ms = now
            return ((now - reference.EPOCH_MS) << 22) | (self.worker_id << 12) | self._sequence
