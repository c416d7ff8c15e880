"""A worker's Redis client reaches the tests' server through a relay that applies the tests'
faults: it counts round trips as the tests' own client does, and nothing dodges them."""

from __future__ import annotations

import contextlib
import functools
import shutil
import socket
import subprocess
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis

from grading.split.worker_redis import client_for
from grading.testkit.redis_backend import RedisBackend
from grading.testkit.redis_faults import Send, after_command, die_after, intercept

SCRIPT = "redis.call('INCR', KEYS[1]); return redis.call('GET', KEYS[1])"


@pytest.fixture
def backend() -> Iterator[RedisBackend]:
    made = RedisBackend()
    yield made
    made.close()


def worker_side(backend: RedisBackend, client: redis.Redis) -> redis.Redis:
    """The client a worker makes for `client`, here in this process."""
    address = backend.address_for(client)
    assert address is not None
    return client_for(address)


def some_round_trips(r: redis.Redis) -> None:
    """Plain commands, a script, a watched transaction and a pipeline without one."""
    r.set("a", 1)
    r.register_script(SCRIPT)(keys=["a"])
    with r.pipeline() as pipe:
        pipe.watch("a")
        pipe.get("a")
        pipe.multi()
        pipe.incr("a").set("b", "x")
        pipe.execute()
    r.incr("c")


def state(backend: RedisBackend) -> dict[str, Any]:
    observer = backend.client()
    return {key: observer.get(key) for key in ("a", "b", "c")}


def test_a_worker_client_works_on_the_tests_server(backend: RedisBackend) -> None:
    ours = backend.client(decode_responses=True)
    theirs = worker_side(backend, ours)
    some_round_trips(theirs)
    assert theirs.get("a") == "3"
    assert ours.get("b") == "x"
    assert theirs.hgetall("none") == {}
    with pytest.raises(redis.ResponseError):
        theirs.lpush("a", 1)


def _same(client: redis.Redis) -> redis.Redis:
    return client


def both_ways(run: Callable[[RedisBackend, Callable[[redis.Redis], redis.Redis]], Any]) -> None:
    """`run` on a fresh server with the tests' client, then with a worker's through its relay:
    both give the same result."""
    results = []
    for through_relay in (False, True):
        backend = RedisBackend()
        try:
            seen_by = functools.partial(worker_side, backend) if through_relay else _same
            results.append(run(backend, seen_by))
        finally:
            backend.close()
    assert results[0] == results[1]


@pytest.mark.parametrize("crash_after", range(8))
def test_a_crash_stops_the_same_round_trip_as_in_one_process(crash_after: int) -> None:
    """die_after(n) leaves the server as it does when the client is the tests' own."""

    def run(backend: RedisBackend, seen_by: Callable[[redis.Redis], redis.Redis]) -> Any:
        r = seen_by(die_after(backend.client(), crash_after))
        # While keys are watched, redis-py reports a lost connection as a WatchError.
        with pytest.raises((redis.ConnectionError, redis.WatchError)) as raised:
            some_round_trips(r)
        with pytest.raises(redis.ConnectionError):
            r.ping()  # and it stays dead, on a new connection too
        return type(raised.value), state(backend)

    both_ways(run)


def test_hooks_see_the_round_trips_the_tests_client_sees() -> None:
    def run(backend: RedisBackend, seen_by: Callable[[redis.Redis], redis.Redis]) -> Any:
        seen: list[str] = []
        client = after_command(backend.client(db=3), seen.append, times=100)
        some_round_trips(seen_by(client))
        return seen  # the connection's own set-up (HELLO, SELECT) is not among them

    both_ways(run)


def test_an_outage_drops_worker_connections_until_the_server_is_back(
    backend: RedisBackend,
) -> None:
    theirs = worker_side(backend, backend.client())
    theirs.set("a", 1)
    with backend.outage():
        with pytest.raises(redis.ConnectionError):
            theirs.get("a")
        with pytest.raises(redis.ConnectionError):
            theirs.set("a", 2)
    assert theirs.get("a") == b"1"


@pytest.mark.parametrize(
    "error", [redis.TimeoutError("slow"), redis.ResponseError("OOM no memory")], ids=type
)
def test_an_injected_error_arrives_as_its_class(
    backend: RedisBackend, error: redis.RedisError
) -> None:
    def failing(send: Send, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
        raise error

    theirs = worker_side(backend, intercept(backend.client(), failing))
    with pytest.raises(type(error)) as raised:
        theirs.get("a")
    assert type(raised.value) is type(error)
    assert str(raised.value) == str(error)


def failing_at_close(backend: RedisBackend, break_it: Callable[[redis.Redis], object]) -> str:
    client = backend.client()
    theirs = worker_side(backend, client)
    break_it(client)
    with pytest.raises(redis.ConnectionError):
        theirs.get("a")
    with pytest.raises(BaseException) as raised:
        backend.close()
    return str(raised.value)


def test_a_hook_that_fails_fails_the_test() -> None:
    def hook(command: str) -> None:
        raise AssertionError(f"wrong after {command}")

    failure = failing_at_close(RedisBackend(), lambda c: after_command(c, hook))
    assert failure == "wrong after GET"


def test_a_method_replaced_by_hand_is_reported_not_ignored() -> None:
    def replace(client: redis.Redis) -> None:
        client.execute_command = lambda *a, **k: None  # type: ignore[method-assign]

    assert "intercept" in failing_at_close(RedisBackend(), replace)


def test_only_clients_of_a_backend_get_a_relay(backend: RedisBackend) -> None:
    other = RedisBackend()
    try:
        assert backend.address_for(other.client()) is None
        assert backend.address_for(backend.client()) is not None
    finally:
        other.close()


@pytest.fixture(scope="module")
def real_server() -> Iterator[str]:
    """A redis-server of this test's own, where one is installed."""
    if shutil.which("redis-server") is None:
        pytest.skip("no redis-server here")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
         "no"],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.kill()
        server.wait()


@pytest.mark.parametrize("crash_after", [0, 3, 6, 99])
def test_the_relay_serves_a_real_server_as_well(real_server: str, crash_after: int) -> None:
    results = []
    for through_relay in (False, True):
        backend = RedisBackend(real_server, db=5)
        backend.client().script_flush()  # a server keeps its scripts across databases
        try:
            client = die_after(backend.client(decode_responses=True), crash_after)
            r = worker_side(backend, client) if through_relay else client
            with contextlib.suppress(redis.ConnectionError, redis.WatchError):
                some_round_trips(r)
            results.append(state(backend))
        finally:
            backend.close()
    assert results[0] == results[1]


def test_published_messages_reach_a_subscriber_in_the_worker(backend: RedisBackend) -> None:
    subscriber = worker_side(backend, backend.client()).pubsub()
    subscriber.subscribe("news")
    assert subscriber.get_message(timeout=5)["type"] == "subscribe"
    backend.client().publish("news", "hello")
    message = subscriber.get_message(timeout=5)
    assert message is not None and message["data"] == b"hello"
    subscriber.close()
