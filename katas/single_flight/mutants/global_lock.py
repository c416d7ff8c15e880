"""Mutant: one lock held around the whole call, so every key waits for every other key's fn.

category: concurrency
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from reference.single_flight import SingleFlight as _Reference

__all__ = ["SingleFlight"]

T = TypeVar("T")


class SingleFlight(_Reference[Hashable]):
    def __init__(self) -> None:
        super().__init__()
        self._serial = threading.Lock()

    def do(self, key: Any, fn: Callable[[], T]) -> T:
        with self._serial:
            return super().do(key, fn)
