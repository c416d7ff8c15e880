"""A Redis for tests: fakeredis by default, a real server with --redis-url, and an off switch.

Each `client()` is a separate connection, as a separate process would have. `down()` makes every
client's next command fail with a ConnectionError, as when the server is unreachable.

fakeredis's clock stands still unless the test moves it (`advance`): a key's TTL runs out when the
test says, never because the machine was slow. On a real server each kata uses its own database
number and flushes only that one, so katas can run side by side on one server.
"""

from __future__ import annotations

import os
import socket
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import fakeredis
import redis

from grading.testkit.ramdisk import RELAYS_ENV, ram_directory
from grading.testkit.redis_relay import (
    FakeUpstream,
    RedisRelay,
    ServerUpstream,
    Upstream,
    relay_directory,
    remove_relay_directory,
)
from grading.testkit.scheduler import plain_thread


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _ServerTime:
    """Stands in for the `time` module inside fakeredis: `time()` is the test's server clock."""

    def __init__(self, now: float) -> None:
        self.now = now

    def time(self) -> float:
        return self.now

    def __getattr__(self, name: str) -> Any:
        return getattr(time, name)


# fakeredis modules that read the clock through `time.time()`.
_CLOCK_READERS = (
    "fakeredis._socket._base",
    "fakeredis._helpers",
    "fakeredis.commands_mixins.server_mixin",
)


# Python objects reached from Lua expose their attributes (`redis.call.__globals__`): each is
# wrapped in a Lua closure, and the libraries real Redis leaves out go.
_SEAL = """
for name, value in pairs(redis) do
    if type(value) == "userdata" then
        local inner = value
        redis[name] = function(...) return inner(...) end
    end
end
for name, value in pairs(_G) do
    if type(value) == "userdata" then _G[name] = nil end
end
python = nil; os = nil; io = nil; require = nil; package = nil; debug = nil
dofile = nil; loadfile = nil; load = nil; loadstring = nil
"""


# Backends alive in this process, for the worker's codec to find the one a client came from.
_live: weakref.WeakSet[RedisBackend] = weakref.WeakSet()

# What a worker's client copies from the test's client it stands for.
_COPIED = ("db", "protocol", "decode_responses", "encoding", "encoding_errors")


def address_for(value: object) -> dict[str, Any] | None:
    """Where a worker reaches the server of `value`, a client some backend made; else None."""
    if not isinstance(value, redis.Redis):
        return None
    for backend in list(_live):
        address = backend.address_for(value)
        if address is not None:
            return address
    return None


class RedisBackend:
    def __init__(self, url: str | None = None, db: int = 0) -> None:
        self._url = url
        self._db = db
        self._server = None if url else fakeredis.FakeServer()
        self._clients: list[redis.Redis] = []
        self._relays: dict[int, RedisRelay] = {}
        self._relay_directory: Path | None = None
        self._own_relay_directory = False
        self._reachable = True
        self._port: int | None = None
        self._clock = _ServerTime(time.time())
        self._replaced: list[tuple[Any, Any]] = []
        if url:
            self.client().flushdb()
        else:
            self._freeze_server_clock()
            # fakeredis creates a server's database on first use without its lock; threads that
            # all start on a fresh server could each get their own. Create it now, on one thread.
            fakeredis.FakeRedis(server=self._server).ping()
            self._seal_lua()
        _live.add(self)

    def _seal_lua(self) -> None:
        """Take from fakeredis' Lua what a real server's scripts do not have either.

        fakeredis runs scripts in this process, with Lua's `os` and `io` and a bridge to Python:
        a solution's script (in grading, a submission's) could reach the tests from there.
        """
        try:
            fakeredis.FakeRedis(server=self._server).eval("return 1", 0)
        except redis.exceptions.RedisError:
            return  # no Lua here (fakeredis without lupa): no script runs at all
        runtime = getattr(self._server, "_lua_runtime", None)
        if runtime is not None:
            runtime.execute(_SEAL)

    def _freeze_server_clock(self) -> None:
        import importlib

        for name in _CLOCK_READERS:
            module = importlib.import_module(name)
            self._replaced.append((module, module.time))
            module.time = self._clock  # type: ignore[attr-defined]

    def advance(self, seconds: float) -> None:
        """Move fakeredis's clock on by `seconds`: TTLs run down (a real server keeps its own)."""
        self._clock.now += seconds

    @property
    def real(self) -> bool:
        return self._url is not None

    def client(self, **kwargs: Any) -> redis.Redis:
        if self._url:
            client: redis.Redis = redis.Redis.from_url(self._server_url(), **kwargs)
            self._port = client.connection_pool.connection_kwargs.get("port", 6379)
        else:
            client = fakeredis.FakeRedis(server=self._server, **kwargs)
        self._clients.append(client)
        return client

    def _server_url(self) -> str:
        # The URL's own database number would win over a `db` argument: replace it.
        assert self._url is not None
        return urlsplit(self._url)._replace(path=f"/{self._db}").geturl()

    def address_for(self, client: redis.Redis) -> dict[str, Any] | None:
        """The socket through which a worker reaches this server as `client` (made here), with
        its faults; None for a client made elsewhere."""
        if not any(client is made for made in self._clients):
            return None
        relay = self._relays.get(id(client))
        if relay is None:
            if self._relay_directory is None:
                given = os.environ.get(RELAYS_ENV)  # the one the worker's sandbox binds
                self._own_relay_directory = not given
                self._relay_directory = Path(given) if given else relay_directory(ram_directory())
            with plain_thread():  # handed over in a scenario: starting its thread is no step
                relay = RedisRelay(client, self._relay_directory, self._upstream, self.reachable)
            self._relays[id(client)] = relay
        settings = client.connection_pool.connection_kwargs
        copied = {name: settings[name] for name in _COPIED if name in settings}
        return {"path": str(relay.path), **copied}

    def _upstream(self) -> Upstream:
        if self._server is not None:
            return FakeUpstream(self._server)  # the worker's client selects its database
        settings = redis.ConnectionPool.from_url(self._server_url()).connection_kwargs
        return ServerUpstream(dict(settings))

    def reachable(self) -> bool:
        return self._reachable

    def down(self) -> None:
        self._reachable = False
        for relay in self._relays.values():
            relay.drop_connections()
        if self._server is not None:
            self._server.connected = False
            return
        self._point_clients_at(_closed_port())

    def up(self) -> None:
        self._reachable = True
        if self._server is not None:
            self._server.connected = True
            return
        self._point_clients_at(self._port)

    def _point_clients_at(self, port: int | None) -> None:
        # Pooled connections keep the port they were made with: drop them all.
        for client in self._clients:
            pool = client.connection_pool
            pool.connection_kwargs["port"] = port
            pool.disconnect()
            pool.reset()

    @contextmanager
    def outage(self) -> Iterator[None]:
        self.down()
        try:
            yield
        finally:
            self.up()

    def close(self) -> None:
        """Stop serving; a test's hook that failed on a relay's thread fails the test here."""
        _live.discard(self)
        for relay in self._relays.values():
            relay.close()
        if self._relay_directory is not None and self._own_relay_directory:
            remove_relay_directory(self._relay_directory)
        self.up()
        if self._url:
            self._clients[0].flushdb()
        for client in self._clients:
            client.close()
        for module, original in reversed(self._replaced):
            module.time = original
        self._replaced.clear()
        for relay in self._relays.values():
            for failure in relay.failures:
                raise failure
