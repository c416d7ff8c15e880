"""Snowflake ids (timestamp | worker | sequence), Base62 codes, and a URL shortener on top."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

MsClock = Callable[[], int]

EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z: ids count milliseconds from here
WORKER_BITS = 10
SEQUENCE_BITS = 12
MAX_WORKER = (1 << WORKER_BITS) - 1
MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1


def wall_clock_ms() -> int:
    return time.time_ns() // 1_000_000


class ClockMovedBackwards(RuntimeError):
    """The clock reads earlier than the last id's millisecond: no id is issued."""


class SnowflakeGenerator:
    def __init__(self, worker_id: int, clock: MsClock | None = None) -> None:
        if not 0 <= worker_id <= MAX_WORKER:
            raise ValueError(f"worker_id must be in 0..{MAX_WORKER}, got {worker_id}")
        self.worker_id = worker_id
        self._clock = clock or wall_clock_ms
        self._last_ms = -1
        self._sequence = 0
        self._lock = threading.Lock()

    def next_id(self) -> int:
        with self._lock:  # read clock, compare, bump sequence: one read-modify-write
            now = self._clock()
            if now < self._last_ms:
                # Issuing ids now could repeat ones already given out in those milliseconds.
                raise ClockMovedBackwards(f"clock at {now} ms, last id at {self._last_ms} ms")
            if now == self._last_ms:
                self._sequence = (self._sequence + 1) & MAX_SEQUENCE
                if self._sequence == 0:
                    # 4096 ids this millisecond already: wait for the next one.
                    while now <= self._last_ms:
                        now = self._clock()
            else:
                self._sequence = 0  # a new millisecond starts its sequence again
            self._last_ms = now
            return (
                ((now - EPOCH_MS) << (WORKER_BITS + SEQUENCE_BITS))
                | (self.worker_id << SEQUENCE_BITS)
                | self._sequence
            )


def decompose(snowflake: int) -> tuple[int, int, int]:
    """(timestamp in Unix ms, worker id, sequence) of an id."""
    return (
        (snowflake >> (WORKER_BITS + SEQUENCE_BITS)) + EPOCH_MS,
        (snowflake >> SEQUENCE_BITS) & MAX_WORKER,
        snowflake & MAX_SEQUENCE,
    )


ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = {char: value for value, char in enumerate(ALPHABET)}


def base62_encode(n: int) -> str:
    if n < 0:
        raise ValueError(f"cannot encode a negative number: {n}")
    chars = []
    while True:
        n, digit = divmod(n, 62)
        chars.append(ALPHABET[digit])
        if n == 0:
            return "".join(reversed(chars))


def base62_decode(text: str) -> int:
    if not text:
        raise ValueError("cannot decode an empty string")
    n = 0
    for char in text:
        if char not in _DIGITS:
            raise ValueError(f"not a base62 digit: {char!r}")
        n = n * 62 + _DIGITS[char]
    return n


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


@dataclass(frozen=True)
class _Link:
    url: str
    expires_at_ms: int | None
    custom: bool


_SLUG = re.compile(r"[0-9A-Za-z_-]{1,32}")
CODE_LENGTH = 7  # 62^7 is about 3.5 trillion codes: room for 10B links many times over


class Shortener:
    def __init__(self, clock: MsClock | None = None) -> None:
        self._clock = clock or wall_clock_ms
        self._links: dict[str, _Link] = {}
        self._counter = 0
        self._lock = threading.Lock()

    def shorten(self, url: str, *, slug: str | None = None, ttl_ms: int | None = None) -> str:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {url!r}")
        if ttl_ms is not None and ttl_ms <= 0:
            raise ValueError(f"ttl_ms must be positive, got {ttl_ms}")
        if slug is not None and not _SLUG.fullmatch(slug):
            raise ValueError(f"a slug is 1-32 of [0-9A-Za-z_-], got {slug!r}")
        with self._lock:
            expires = None if ttl_ms is None else self._clock() + ttl_ms
            if slug is not None:
                # Insert-if-absent: a taken slug is a clean error, never a silent overwrite.
                if slug in self._links:
                    raise SlugTaken(slug)
                code = slug
            else:
                code = self._next_code()
            self._links[code] = _Link(url, expires, custom=slug is not None)
            return code

    def _next_code(self) -> str:
        # A counter, not a hash of the URL: no collisions to resolve. Codes a custom slug
        # already took are skipped.
        while True:
            self._counter += 1
            code = base62_encode(self._counter).rjust(CODE_LENGTH, "0")
            if code not in self._links:
                return code

    def resolve(self, code: str) -> Redirect:
        link = self._links.get(code)
        if link is None:
            raise NotFound(code)
        if link.expires_at_ms is not None and self._clock() >= link.expires_at_ms:
            raise Gone(code)
        # 301 is cached by browsers for good: only for links that can never change or expire.
        permanent = link.expires_at_ms is None and not link.custom
        return Redirect(301 if permanent else 302, link.url)
