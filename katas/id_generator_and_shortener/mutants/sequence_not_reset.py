"""Mutant: the sequence keeps counting across milliseconds instead of restarting at 0.

category: clock
It runs out after 4096 ids in total, not 4096 per millisecond.
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
            self._sequence = (self._sequence + 1) & reference.MAX_SEQUENCE
            if now == self._last_ms and self._sequence == 0:
                while now <= self._last_ms:
                    now = self._clock()
            self._last_ms = now
            return ((now - reference.EPOCH_MS) << 22) | (self.worker_id << 12) | self._sequence
