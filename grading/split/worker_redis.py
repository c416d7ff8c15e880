"""The worker's Redis clients: each connects to the relay the tests' side serves for one of its
clients (grading/testkit/redis_relay.py), and sees the faults injected there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

# The error code of a reply that stands for a timeout the tests injected: a server has no reply
# that makes a client raise `redis.TimeoutError`.
TIMED_OUT = "KATA-TIMEOUT"
# A status reply the relay sends before the reply of a round trip during which the tests ran code
# of their own (a hook that moves a clock): the worker reads their clocks again before going on.
RAN_TESTS_CODE = b"KATA-RAN-TESTS-CODE"

# Called when the tests ran code of their own during a round trip (set by the worker).
on_tests_code: list[Callable[[], None]] = []


class _RelayConnection(redis.UnixDomainSocketConnection):
    def read_response(self, *args: Any, **kwargs: Any) -> Any:
        response = self._read(*args, **kwargs)
        if response in (RAN_TESTS_CODE, RAN_TESTS_CODE.decode()):
            for refresh in on_tests_code:
                refresh()
            response = self._read(*args, **kwargs)
        return response

    def _read(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().read_response(*args, **kwargs)
        except redis.ResponseError as error:
            message = str(error.args[0]) if error.args else ""
            if message.startswith(TIMED_OUT + " "):
                raise redis.TimeoutError(message[len(TIMED_OUT) + 1 :]) from None
            raise


_clients: dict[str, redis.Redis] = {}


def client_for(address: dict[str, Any]) -> redis.Redis:
    """A client for the relay at `address["path"]`, with the settings of the test's client; the
    same address gives the same client."""
    settings = dict(address)
    path = settings.pop("path")
    if type(path) is not str:
        raise ValueError("a relay's path is a string")
    client = _clients.get(path)
    if client is None:
        pool = redis.ConnectionPool(
            connection_class=_RelayConnection,
            path=path,
            # No retries: a connection the tests' side drops is a fault the solution must see.
            retry=Retry(NoBackoff(), 0),
            **settings,
        )
        client = redis.Redis(connection_pool=pool)
        _clients[path] = client
    return client
