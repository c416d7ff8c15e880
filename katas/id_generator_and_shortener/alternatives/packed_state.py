"""One packed (ms, sequence) state swapped under a lock; base62 by repeated division into a deque.

The generator keeps its last id's (ms << 12 | sequence) as a single int, so "next" is one add
within a millisecond. The shortener keeps links as tuples in one dict and generated codes from an
itertools counter, skipping taken codes.
"""

from __future__ import annotations

import itertools
import string
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

MsClock = Callable[[], int]

EPOCH_MS = 1_577_836_800_000
WORKER_BITS = 10
SEQUENCE_BITS = 12
MAX_WORKER = (1 << WORKER_BITS) - 1
MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1
ALPHABET = string.digits + string.ascii_lowercase + string.ascii_uppercase
CODE_LENGTH = 7
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_SLUG_CHARS = frozenset(string.ascii_letters + string.digits + "_-")


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class ClockMovedBackwards(RuntimeError):
    """The clock reads earlier than the last id's millisecond: no id is issued."""


class SnowflakeGenerator:
    def __init__(self, worker_id: int, clock: MsClock | None = None) -> None:
        if worker_id < 0 or worker_id > MAX_WORKER:
            raise ValueError("worker_id out of range")
        self._worker = worker_id << SEQUENCE_BITS
        self._clock = clock if clock is not None else wall_clock_ms
        self._state = -1  # (ms << SEQUENCE_BITS) | sequence of the last id
        self._guard = threading.Lock()

    def next_id(self) -> int:
        with self._guard:
            last_ms = self._state >> SEQUENCE_BITS if self._state >= 0 else -1
            now = self._clock()
            if now < last_ms:
                raise ClockMovedBackwards(f"{now} < {last_ms}")
            if now > last_ms:
                state = now << SEQUENCE_BITS
            elif self._state & MAX_SEQUENCE < MAX_SEQUENCE:
                state = self._state + 1
            else:
                while now <= last_ms:  # the millisecond is full: wait for the next
                    now = self._clock()
                state = now << SEQUENCE_BITS
            self._state = state
            ms, sequence = state >> SEQUENCE_BITS, state & MAX_SEQUENCE
            return ((ms - EPOCH_MS) << (WORKER_BITS + SEQUENCE_BITS)) | self._worker | sequence


def decompose(snowflake: int) -> tuple[int, int, int]:
    sequence = snowflake & MAX_SEQUENCE
    worker = (snowflake >> SEQUENCE_BITS) & MAX_WORKER
    return EPOCH_MS + (snowflake >> (SEQUENCE_BITS + WORKER_BITS)), worker, sequence


def base62_encode(n: int) -> str:
    if n < 0:
        raise ValueError("negative")
    digits: deque[str] = deque()
    while True:
        n, rest = divmod(n, 62)
        digits.appendleft(ALPHABET[rest])
        if not n:
            return "".join(digits)


def base62_decode(text: str) -> int:
    if text == "":
        raise ValueError("empty")
    total = 0
    for char in text:
        try:
            total = total * 62 + _VALUE[char]
        except KeyError:
            raise ValueError(f"bad character {char!r}") from None
    return total


class NotFound(LookupError):
    """No link has this code (404)."""


class Gone(LookupError):
    """The link existed but has expired (410)."""


class SlugTaken(ValueError):
    """The custom slug already names a link."""


@dataclass(frozen=True)
class Redirect:
    status: int
    location: str


class Shortener:
    def __init__(self, clock: MsClock | None = None) -> None:
        self._clock = clock if clock is not None else wall_clock_ms
        self._links: dict[str, tuple[str, int | None, int]] = {}  # code -> url, expiry, status
        self._counter = itertools.count(1)
        self._guard = threading.Lock()

    def shorten(self, url: str, *, slug: str | None = None, ttl_ms: int | None = None) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("only http(s) URLs")
        if slug is not None and not (0 < len(slug) <= 32 and set(slug) <= _SLUG_CHARS):
            raise ValueError("bad slug")
        if ttl_ms is not None and not ttl_ms > 0:
            raise ValueError("ttl_ms must be positive")
        with self._guard:
            expiry = None if ttl_ms is None else self._clock() + ttl_ms
            status = 301 if slug is None and expiry is None else 302
            if slug is not None:
                if slug in self._links:
                    raise SlugTaken(slug)
                code = slug
            else:
                code = base62_encode(next(self._counter)).zfill(CODE_LENGTH)
                while code in self._links:
                    code = base62_encode(next(self._counter)).zfill(CODE_LENGTH)
            self._links[code] = (url, expiry, status)
            return code

    def resolve(self, code: str) -> Redirect:
        try:
            url, expiry, status = self._links[code]
        except KeyError:
            raise NotFound(code) from None
        if expiry is not None and self._clock() >= expiry:
            raise Gone(code)
        return Redirect(status, url)
