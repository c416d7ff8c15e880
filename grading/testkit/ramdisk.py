"""Scratch directories on a RAM-backed filesystem, for SQLite files shared by connections.

SQLite syncs the disk on every commit in its default journal mode. On a busy disk that costs tens
of milliseconds per commit, so a correct solution's speed would depend on its PRAGMAs and on the
machine. Tests that need "one file, several connections" (several processes) put the file here:
the semantics are those of a real file (locks, WAL, durability across connections) without the
sync cost. Falls back to the system temporary directory where /dev/shm is missing.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_RAM = Path("/dev/shm")


def _base() -> str | None:
    if _RAM.is_dir() and os.access(_RAM, os.W_OK | os.X_OK):
        return str(_RAM)
    return None


@contextmanager
def ram_tmpdir(prefix: str = "kata-") -> Iterator[Path]:
    """A fresh directory (in RAM where possible), removed with everything in it on exit."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=_base()) as path:
        yield Path(path)
