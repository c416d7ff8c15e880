"""A Redis for tests: fakeredis by default, a real server with --redis-url, and an off switch.

Each `client()` is a separate connection, as a separate process would have. `down()` makes every
client's next command fail with a ConnectionError, as when the server is unreachable.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import fakeredis
import redis


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisBackend:
    def __init__(self, url: str | None = None) -> None:
        self._url = url
        self._server = None if url else fakeredis.FakeServer()
        self._clients: list[redis.Redis] = []
        self._port: int | None = None
        if url:
            self.client().flushdb()
        else:
            # fakeredis creates a server's database on first use without its lock; threads that
            # all start on a fresh server could each get their own. Create it now, on one thread.
            fakeredis.FakeRedis(server=self._server).ping()

    @property
    def real(self) -> bool:
        return self._url is not None

    def client(self, **kwargs: Any) -> redis.Redis:
        if self._url:
            client: redis.Redis = redis.Redis.from_url(self._url, **kwargs)
            self._port = client.connection_pool.connection_kwargs.get("port", 6379)
        else:
            client = fakeredis.FakeRedis(server=self._server, **kwargs)
        self._clients.append(client)
        return client

    def down(self) -> None:
        if self._server is not None:
            self._server.connected = False
            return
        self._point_clients_at(_closed_port())

    def up(self) -> None:
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
        self.up()
        if self._url:
            self._clients[0].flushdb()
        for client in self._clients:
            client.close()
