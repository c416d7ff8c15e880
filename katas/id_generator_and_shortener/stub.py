"""Snowflake id generator, Base62, and a URL shortener.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

import threading  # noqa: F401
import time
from collections.abc import Callable
from dataclasses import dataclass

MsClock = Callable[[], int]

EPOCH_MS = 1_577_836_800_000  # 2020-01-01T00:00:00Z: ids count milliseconds from here
WORKER_BITS = 10
SEQUENCE_BITS = 12
MAX_WORKER = (1 << WORKER_BITS) - 1
MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
CODE_LENGTH = 7


def wall_clock_ms() -> int:
    """The default clock: Unix time in whole milliseconds."""
    return time.time_ns() // 1_000_000


class ClockMovedBackwards(RuntimeError):
    """The clock reads earlier than the last id's millisecond: no id is issued."""


class SnowflakeGenerator:
    """64-bit ids: 1 zero sign bit | 41 bits ms since EPOCH_MS | 10 bits worker | 12 bits sequence.

    `clock` returns Unix milliseconds (int); None means `wall_clock_ms`. ValueError for a
    worker_id outside 0..MAX_WORKER. Safe to call from many threads.
    """

    def __init__(self, worker_id: int, clock: MsClock | None = None) -> None:
        raise NotImplementedError

    def next_id(self) -> int:
        """A new id, greater than every id this generator issued before.

        The sequence starts at 0 in each new millisecond. After MAX_SEQUENCE + 1 ids in one
        millisecond, wait (keep reading the clock) until the next millisecond. If the clock reads
        earlier than the last id's millisecond, raise ClockMovedBackwards and issue nothing.
        """
        raise NotImplementedError


def decompose(snowflake: int) -> tuple[int, int, int]:
    """(timestamp in Unix ms, worker id, sequence) of an id."""
    raise NotImplementedError


def base62_encode(n: int) -> str:
    """`n` in base 62 with ALPHABET's digits, no padding ("0" for 0). ValueError if n < 0."""
    raise NotImplementedError


def base62_decode(text: str) -> int:
    """The inverse of base62_encode. ValueError for "" or a character outside ALPHABET."""
    raise NotImplementedError


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
    """Short codes for URLs.

    Generated codes are base62 of a counter, left-padded with "0" to CODE_LENGTH characters, and
    never reuse a code a custom slug holds. `clock` returns Unix ms; None means `wall_clock_ms`.
    """

    def __init__(self, clock: MsClock | None = None) -> None:
        raise NotImplementedError

    def shorten(self, url: str, *, slug: str | None = None, ttl_ms: int | None = None) -> str:
        """Store `url` and return its code: `slug` if given, else a generated one.

        ValueError for a URL that is not http(s), a slug that is not 1-32 of [0-9A-Za-z_-], or a
        ttl_ms that is not positive. SlugTaken if the slug already names a link. A link with a
        ttl_ms expires ttl_ms milliseconds after it was created.
        """
        raise NotImplementedError

    def resolve(self, code: str) -> Redirect:
        """The redirect for `code`: 301 for a generated code that never expires, else 302.

        NotFound for an unknown code; Gone once the link's expiry time is reached.
        """
        raise NotImplementedError
