"""The injected Redis faults see every round trip: commands, WATCH reads and pipelines."""

from __future__ import annotations

import fakeredis
import pytest
import redis

from grading.testkit.redis_faults import after_command, die_after


def test_a_dead_client_sends_no_pipeline() -> None:
    server = fakeredis.FakeServer()
    other = fakeredis.FakeRedis(server=server)
    r = die_after(fakeredis.FakeRedis(server=server), 1)
    r.set("a", 1)
    with r.pipeline(transaction=False) as pipe:
        pipe.set("b", 2).incr("a")
        with pytest.raises(redis.ConnectionError):
            pipe.execute()
    assert other.mget("a", "b") == [b"1", None]


def test_a_pipeline_is_one_round_trip_and_watch_reads_count() -> None:
    server = fakeredis.FakeServer()
    other = fakeredis.FakeRedis(server=server)
    r = die_after(fakeredis.FakeRedis(server=server), 3)
    with r.pipeline() as pipe:
        pipe.watch("n")  # 1
        pipe.get("n")  # 2
        pipe.multi()
        pipe.incr("n").incr("n")
        pipe.execute()  # 3
    assert other.get("n") == b"2"
    with pytest.raises(redis.ConnectionError):
        r.transaction(lambda pipe: pipe.incr("n"), "n")
    assert other.get("n") == b"2"


def test_after_command_pauses_after_exec() -> None:
    seen: list[str] = []
    r = after_command(fakeredis.FakeRedis(server=fakeredis.FakeServer()), seen.append, times=3)
    r.set("a", 1)
    with r.pipeline() as pipe:
        pipe.watch("a")
        pipe.multi()
        pipe.incr("a")
        pipe.execute()
    assert seen == ["SET", "WATCH", "EXEC"]


def test_scripts_reach_nothing_of_the_tests_process() -> None:
    """fakeredis runs scripts here: a script finds neither os nor io, nor a way into Python."""
    from grading.testkit.redis_backend import RedisBackend

    backend = RedisBackend()
    try:
        client = backend.client()
        for name in ("python", "os", "io", "require", "debug", "loadstring", "load"):
            assert client.eval(f"return type({name})", 0) == b"nil", name
        with pytest.raises(redis.exceptions.ResponseError):
            client.eval("return type(redis.call.__globals__)", 0)
        assert client.eval("return redis.call('set', KEYS[1], ARGV[1])", 1, "k", "v") == b"OK"
    finally:
        backend.close()
