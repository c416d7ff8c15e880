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
# Set when the solution runs in a sandboxed worker: the one directory it shares with the tests.
SHARED_ENV = "KATA_SHARED_DIR"
# Set likewise: the directory of the sockets through which the worker reaches Redis (redis_relay).
RELAYS_ENV = "KATA_REDIS_RELAYS"


_shared_with: list[int] = []  # the worker's own user id, where it has one
_directories: set[Path] = set()


def share_with(uid: int | None) -> None:
    _shared_with[:] = [] if uid is None else [uid]


def hand_over() -> None:
    """Give the worker's user the files the tests made in the scratch directories (SQLite files
    it must write too). Only needed where the worker runs as a user of its own."""
    if not _shared_with:
        return
    for directory in list(_directories):
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.stat(follow_symlinks=False).st_uid != _shared_with[0]:
                    os.chown(entry.path, _shared_with[0], -1, follow_symlinks=False)
            except OSError:
                continue


def ram_directory() -> str | None:
    """/dev/shm where this process may make directories in it, else None (the system default)."""
    if _RAM.is_dir() and os.access(_RAM, os.W_OK | os.X_OK):
        return str(_RAM)
    return None


def shared_base() -> str | None:
    """Where to make directories a solution's worker reaches too."""
    return os.environ.get(SHARED_ENV) or ram_directory()


@contextmanager
def ram_tmpdir(prefix: str = "kata-") -> Iterator[Path]:
    """A fresh directory (in RAM where possible), removed with everything in it on exit."""
    with tempfile.TemporaryDirectory(prefix=prefix, dir=shared_base()) as path:
        if os.environ.get(SHARED_ENV):
            os.chmod(path, 0o777)  # the solution's worker runs as a user of its own
        _directories.add(Path(path))
        try:
            yield Path(path)
        finally:
            _directories.discard(Path(path))
