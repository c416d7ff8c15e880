"""Fixtures every kata's tests can ask for by name (registered by the kit's pytest plugin)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from grading.solution import Solution
from grading.testkit.clocks import FakeClock

if TYPE_CHECKING:
    from grading.testkit.redis_backend import RedisBackend


@pytest.fixture(autouse=True, scope="module")
def _preload_solution(request: pytest.FixtureRequest) -> None:
    """Import the solution before any test freezes time, so it binds the real clock functions."""
    for value in vars(request.module).values():
        if isinstance(value, Solution):
            value.preload()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def redis_backend(request: pytest.FixtureRequest) -> Iterator[RedisBackend]:
    # Imported here: fakeredis is slow to import and most katas never touch Redis.
    from grading.testkit.redis_backend import RedisBackend

    backend = RedisBackend(request.config.getoption("redis_url"), _database_for(request))
    yield backend
    backend.close()


def _database_for(request: pytest.FixtureRequest) -> int:
    """A database number of the kata's own on a real server: katas run side by side on it."""
    from grading.metadata import all_katas

    slug = request.path.parent.name
    redis_katas = sorted(k.slug for k in all_katas() if "redis" in k.tags)
    # Database 0 stays free for whoever else uses the server; 16 databases by default.
    return 1 + redis_katas.index(slug) % 15 if slug in redis_katas else 0


@pytest.fixture
def system_clocks(monkeypatch: pytest.MonkeyPatch) -> tuple[FakeClock, FakeClock]:
    """`time.time` and `time.monotonic` replaced by two fake clocks: (wall, monotonic).

    Moving the wall clock alone models an NTP step; a solution on the monotonic clock ignores it.
    """
    import time

    wall, monotonic = FakeClock(1_767_225_600.0), FakeClock(5_000.0)
    monkeypatch.setattr(time, "time", wall)
    monkeypatch.setattr(time, "monotonic", monotonic)
    return wall, monotonic
