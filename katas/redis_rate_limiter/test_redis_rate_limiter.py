"""Hidden-style tests for the Redis rate limiter kata."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, GateClock, run_threads
from grading.testkit.markers import kata
from grading.testkit.models import textbook_bucket
from grading.testkit.redis_backend import RedisBackend
from grading.testkit.redis_faults import Send, intercept

solution = load_solution("redis_rate_limiter")

_fresh = itertools.count()


def limiter(
    backend: RedisBackend, capacity: float, rate: float, clock: object, **kw: object
) -> Any:
    """A limiter on a new connection: one simulated process."""
    client = backend.client()
    # Connect now, from this thread: fakeredis creates a server's database on first use without
    # its lock, so eight first connections racing from threads can each get a database of its own.
    client.ping()
    return solution.RedisRateLimiter(client, capacity, rate, clock=clock, **kw)


def admitted(limiter: object, key: str = "alice", tries: int = 50) -> int:
    return sum(limiter.acquire(key).allowed for _ in range(tries))  # type: ignore[attr-defined]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_full_bucket_admits_a_burst_of_capacity(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A new key admits a burst of exactly `capacity` requests, then rejects."""
    rl = limiter(redis_backend, 5, 1, clock)
    assert [rl.acquire("alice").allowed for _ in range(6)] == [True] * 5 + [False]


@kata("core", "example")
def test_tokens_come_back_at_rate(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Tokens come back at `rate` per second of the injected clock."""
    rl = limiter(redis_backend, 4, 2, clock)
    assert admitted(rl) == 4
    clock.advance(1.0)
    assert [rl.acquire("alice").allowed for _ in range(3)] == [True, True, False]


@kata("core", "example")
def test_each_key_has_its_own_bucket(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Draining one key leaves other keys untouched."""
    rl = limiter(redis_backend, 2, 1, clock)
    assert admitted(rl, "alice") == 2
    assert admitted(rl, "bob") == 2


@kata("core", "edge")
def test_acquire_n_is_all_or_nothing(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """acquire(key, n) takes n tokens at once, or none of them."""
    rl = limiter(redis_backend, 5, 1, clock)
    assert rl.acquire("alice", 3).allowed is True
    assert rl.acquire("alice", 3).allowed is False
    assert rl.acquire("alice", 2).allowed is True


@kata("core", "edge")
@pytest.mark.parametrize(
    "settings_",
    [
        {"capacity": 0, "rate": 1},
        {"capacity": -1, "rate": 1},
        {"capacity": 1, "rate": 0},
        {"capacity": 1, "rate": -0.5},
        {"capacity": 1, "rate": 1, "failure_policy": "maybe"},
    ],
)
def test_bad_settings_are_rejected(redis_backend: RedisBackend, settings_: dict[str, Any]) -> None:
    """A capacity or rate that is not positive, or an unknown failure policy, is a ValueError."""
    with pytest.raises(ValueError):
        solution.RedisRateLimiter(redis_backend.client(), clock=FakeClock(), **settings_)


@kata("core", "edge")
@pytest.mark.parametrize("n", [0, -1, 4])
def test_impossible_request_sizes_are_rejected(
    redis_backend: RedisBackend, clock: FakeClock, n: int
) -> None:
    """acquire with n below 1 or above the capacity is a ValueError, not a silent answer."""
    rl = limiter(redis_backend, 3, 1, clock)
    with pytest.raises(ValueError):
        rl.acquire("alice", n)


@kata("core", "edge")
def test_every_key_written_expires_once_idle(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Every key the limiter writes has a TTL, no longer than the time to refill completely."""
    client = redis_backend.client()
    rl = limiter(redis_backend, 4, 2, clock)
    rl.acquire("alice")
    rl.acquire("bob", 4)
    keys = client.keys("*")
    assert keys
    for key in keys:
        ttl = client.pttl(key)
        assert 0 < ttl <= 2_000 + 50, (key, ttl)


@kata("core", "edge")
def test_key_ttl_covers_the_refill_in_milliseconds(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Each call sets the key's TTL to at least the time to refill, and at most a full refill."""
    client = redis_backend.client()
    rl = limiter(redis_backend, 100, 0.5, clock)  # a full refill takes 200 s
    rl.acquire("alice", 1)
    rl.acquire("alice", 49)  # 50 tokens short: 100 s to refill
    # Real time passes between the call and the read (a loaded machine): a wide lower margin.
    assert 90_000 <= client.pttl("ratelimit:alice") <= 201_000


@kata("core", "perf")
def test_each_decision_is_one_round_trip(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Once warmed up, every decision costs one command to Redis (one script call)."""
    client = redis_backend.client()
    rl = solution.RedisRateLimiter(client, 3, 1, clock=clock)
    rl.acquire("warm-up")  # a script may be loaded on first use
    sent: list[object] = []

    def counting(send: Send, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
        sent.append(args[0])
        return send(*args, **options)

    intercept(client, counting)
    for i in range(10):
        rl.acquire(f"user-{i % 3}", 1 + i % 2)
    assert len(sent) == 10


@kata("core", "example")
def test_prefix_names_the_keys_and_separates_limiters(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Keys are named prefix:key, so limiters with different prefixes keep separate buckets."""
    client = redis_backend.client()
    login = limiter(redis_backend, 2, 1, clock, prefix="login")
    api = limiter(redis_backend, 3, 1, clock, prefix="api")
    assert admitted(login) == 2
    assert admitted(api) == 3
    assert client.exists("login:alice") == 1
    assert client.exists("api:alice") == 1


@kata("core", "clock")
def test_fractional_refill_is_kept(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Half a token plus half a token is a token: the fraction survives the round trip to Redis."""
    rl = limiter(redis_backend, 1, 1, clock)
    assert admitted(rl) == 1
    clock.advance(0.5)
    assert rl.acquire("alice").allowed is False
    clock.advance(0.5)
    assert rl.acquire("alice").allowed is True


@kata("core", "clock")
def test_long_idle_refills_only_to_capacity(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """After a long idle period the bucket holds `capacity` tokens, not more."""
    rl = limiter(redis_backend, 3, 1, clock)
    assert admitted(rl) == 3
    clock.advance(3_600)
    assert admitted(rl) == 3


@kata("core", "clock")
def test_no_double_burst_across_a_window_boundary(redis_backend: RedisBackend) -> None:
    """A burst just before a second boundary leaves nothing for just after it."""
    clock = FakeClock(1_000.0)
    rl = limiter(redis_backend, 10, 10, clock)
    clock.set(1_000.99)
    assert admitted(rl) == 10
    clock.set(1_001.01)
    assert admitted(rl) == 0


@kata("core", "clock")
def test_default_clock_is_the_shared_wall_clock(
    redis_backend: RedisBackend, system_clocks: tuple[FakeClock, FakeClock]
) -> None:
    """Without a clock the limiter reads time.time: processes on many hosts must agree on now."""
    wall, monotonic = system_clocks
    rl = solution.RedisRateLimiter(redis_backend.client(), 2, 1)
    assert admitted(rl) == 2
    monotonic.advance(10)
    assert rl.acquire("alice").allowed is False
    wall.advance(1)
    assert rl.acquire("alice").allowed is True


schedules = st.lists(
    st.tuples(st.integers(0, 12).map(lambda q: q / 4), st.integers(1, 3)), max_size=25
)


@kata("core", "property")
@settings(
    max_examples=40,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
@given(capacity=st.integers(3, 6), rate=st.integers(1, 4), steps=schedules)
def test_agrees_with_the_textbook_bucket(
    redis_backend: RedisBackend, capacity: int, rate: int, steps: list[tuple[float, int]]
) -> None:
    """Every decision matches tokens = min(capacity, tokens + elapsed * rate)."""
    clock = FakeClock()
    rl = limiter(redis_backend, capacity, rate, clock)
    key = f"user-{next(_fresh)}"
    for wait, n, expected in textbook_bucket(capacity, rate, steps):
        clock.advance(wait)
        assert rl.acquire(key, n).allowed is expected


# --- http_contract --------------------------------------------------------------------------


@kata("http_contract", "example")
def test_allowed_decisions_count_remaining_down(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Admitted calls report the limit, the whole tokens left, and no wait."""
    rl = limiter(redis_backend, 3, 1, clock)
    decisions = [rl.acquire("alice") for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, True]
    assert [d.limit for d in decisions] == [3, 3, 3]
    assert [d.remaining for d in decisions] == [2, 1, 0]
    assert [d.retry_after for d in decisions] == [0, 0, 0]


@kata("http_contract", "example")
def test_rejected_decision_says_when_to_come_back(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A rejected call reports the exact wait and a Retry-After header rounded up."""
    rl = limiter(redis_backend, 2, 4, clock)
    admitted(rl)
    clock.advance(0.1)
    decision = rl.acquire("alice")
    assert decision.allowed is False
    assert decision.remaining == 0
    assert decision.retry_after == pytest.approx(0.15)
    assert decision.headers()["Retry-After"] == "1"


@kata("http_contract", "example")
def test_rejected_weighted_call_waits_for_all_its_tokens(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A rejected acquire(key, n) reports the wait until all n tokens are there."""
    rl = limiter(redis_backend, 4, 2, clock)
    admitted(rl)
    clock.advance(0.25)
    decision = rl.acquire("alice", 3)
    assert decision.allowed is False
    assert decision.retry_after == pytest.approx(1.25)
    assert decision.headers()["Retry-After"] == "2"


@kata("http_contract", "example")
def test_reset_is_the_time_until_the_bucket_is_full(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """`reset` is the number of seconds until the bucket would be full again."""
    rl = limiter(redis_backend, 4, 2, clock)
    rl.acquire("alice", 3)
    decision = rl.acquire("alice")
    assert decision.reset == pytest.approx(2.0)
    clock.advance(0.5)
    assert rl.acquire("alice").reset == pytest.approx(2.0)


@kata("http_contract", "edge")
def test_remaining_never_overpromises(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """With a fraction of a token left, `remaining` counts only whole tokens."""
    rl = limiter(redis_backend, 3, 1, clock)
    admitted(rl)
    clock.advance(1.75)
    decision = rl.acquire("alice")
    assert decision.allowed is True
    assert decision.remaining == 0


@kata("http_contract", "edge")
def test_headers_are_whole_seconds_and_retry_after_only_when_rejected(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """headers() gives integer strings, and Retry-After only on a rejection."""
    rl = limiter(redis_backend, 2, 0.8, clock)
    allowed = rl.acquire("alice").headers()
    assert allowed == {"RateLimit-Limit": "2", "RateLimit-Remaining": "1", "RateLimit-Reset": "2"}
    rl.acquire("alice")
    rejected = rl.acquire("alice").headers()
    assert rejected["RateLimit-Remaining"] == "0"
    assert rejected["RateLimit-Reset"] == "3"
    assert rejected["Retry-After"] == "2"


@kata("http_contract", "clock")
@given(capacity=st.integers(1, 5), rate=st.integers(1, 4), n=st.integers(1, 5))
@settings(
    max_examples=25,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
def test_waiting_retry_after_is_enough(
    redis_backend: RedisBackend, capacity: int, rate: int, n: int
) -> None:
    """Waiting retry_after makes the same request succeed; waiting 90% of it does not."""
    n = min(n, capacity)
    clock = FakeClock()
    rl = limiter(redis_backend, capacity, rate, clock)
    key = f"user-{next(_fresh)}"
    rl.acquire(key, capacity)
    wait = rl.acquire(key, n).retry_after
    assert wait > 0
    clock.advance(wait * 0.9)
    assert rl.acquire(key, n).allowed is False
    clock.advance(wait * 0.1 + 1e-6)
    assert rl.acquire(key, n).allowed is True


# --- distributed ----------------------------------------------------------------------------


@kata("distributed", "example")
def test_instances_on_separate_clients_share_one_limit(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Two instances (two processes) on one Redis enforce one limit between them."""
    a = limiter(redis_backend, 6, 1, clock)
    b = limiter(redis_backend, 6, 1, clock)
    answers = [(a if i % 2 else b).acquire("alice").allowed for i in range(10)]
    assert sum(answers) == 6
    clock.advance(1)
    assert b.acquire("alice").allowed is True
    assert a.acquire("alice").allowed is False


@kata("distributed", "clock")
def test_an_instance_with_a_lagging_clock_mints_nothing(redis_backend: RedisBackend) -> None:
    """An instance whose clock is behind the others' (skew) never creates tokens from it."""
    ahead, behind = FakeClock(1_000.0), FakeClock(995.0)
    a = limiter(redis_backend, 2, 1, ahead)
    b = limiter(redis_backend, 2, 1, behind)
    assert admitted(a) == 2
    assert b.acquire("alice").allowed is False
    behind.advance(5)
    assert b.acquire("alice").allowed is False
    ahead.advance(1)
    assert a.acquire("alice").allowed is True


@kata("distributed", "concurrency")
def test_simultaneous_instances_race_for_the_last_tokens(redis_backend: RedisBackend) -> None:
    """8 instances reading the clock at the same instant share 3 tokens: exactly 3 admitted."""
    gate = GateClock(parties=8, patience=0.05)
    instances = [limiter(redis_backend, 3, 1, gate) for _ in range(8)]
    results = run_threads(8, lambda i: instances[i].acquire("alice").allowed)
    assert sum(results) == 3


@kata("distributed", "concurrency")
def test_many_instances_hammering_admit_exactly_capacity(redis_backend: RedisBackend) -> None:
    """8 instances on 8 connections, 5 calls each, clock frozen: exactly `capacity` admitted."""
    clock = FakeClock()
    instances = [limiter(redis_backend, 20, 1, clock) for _ in range(8)]
    results = run_threads(8, lambda i: admitted(instances[i], tries=5))
    assert sum(results) == 20


# --- failure --------------------------------------------------------------------------------


@kata("failure", "failure")
def test_fail_open_admits_while_redis_is_down(redis_backend: RedisBackend) -> None:
    """With failure_policy='open' an outage admits every call and raises nothing."""
    rl = limiter(redis_backend, 1, 1, FakeClock(), failure_policy="open")
    rl.acquire("alice")
    with redis_backend.outage():
        decisions = [rl.acquire("alice") for _ in range(3)]
    assert [d.allowed for d in decisions] == [True, True, True]


@kata("failure", "failure")
def test_fail_closed_rejects_while_redis_is_down(redis_backend: RedisBackend) -> None:
    """With failure_policy='closed' an outage rejects every call with a wait, raising nothing."""
    rl = limiter(redis_backend, 5, 1, FakeClock(), failure_policy="closed")
    with redis_backend.outage():
        decisions = [rl.acquire("alice") for _ in range(3)]
    assert [d.allowed for d in decisions] == [False, False, False]
    assert all(d.retry_after > 0 and d.remaining == 0 for d in decisions)
    assert "Retry-After" in decisions[0].headers()


@kata("failure", "failure")
def test_default_policy_is_fail_open(redis_backend: RedisBackend) -> None:
    """Without a failure_policy argument, an outage admits calls (the documented default)."""
    rl = limiter(redis_backend, 1, 1, FakeClock())
    with redis_backend.outage():
        assert rl.acquire("alice").allowed is True


@kata("failure", "failure")
@pytest.mark.parametrize("policy", ["open", "closed"])
def test_decisions_in_an_outage_keep_the_decision_contract(
    redis_backend: RedisBackend, clock: FakeClock, policy: str
) -> None:
    """An outage's answer is still a sound Decision: the limit, sane counts and waits, headers."""
    rl = limiter(redis_backend, 5, 10, clock, failure_policy=policy)
    with redis_backend.outage():
        decision = rl.acquire("alice", 2)
    assert decision.limit == 5
    assert decision.reset >= 0
    if decision.allowed:
        assert 0 <= decision.remaining <= 5 - 2, "more tokens left than an admitted call can leave"
        assert decision.retry_after == 0.0
    else:
        assert decision.remaining == 0
        assert 0 < decision.retry_after <= 5 / 10, "a wait longer than a full refill"
    headers = decision.headers()
    assert headers["RateLimit-Limit"] == "5"
    assert all(int(value) >= 0 for value in headers.values())


def failing(client: redis.Redis, error: redis.RedisError) -> None:
    """Every later command of this client raises `error` (a slow or misbehaving Redis)."""

    def raising(send: Send, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
        raise error

    intercept(client, raising)


@kata("failure", "failure")
@pytest.mark.parametrize(
    "error",
    [redis.TimeoutError("simulated timeout"), redis.ResponseError("OOM simulated")],
    ids=["timeout", "error_reply"],
)
@pytest.mark.parametrize("policy", ["open", "closed"])
def test_any_redis_error_is_answered_by_the_policy(
    redis_backend: RedisBackend, clock: FakeClock, error: redis.RedisError, policy: str
) -> None:
    """Any Redis error, not only a lost connection, gets the policy's answer, never an exception."""
    client = redis_backend.client()
    rl = solution.RedisRateLimiter(client, 2, 1, clock=clock, failure_policy=policy)
    failing(client, error)
    decision = rl.acquire("alice")
    assert decision.allowed is (policy == "open")


@kata("failure", "failure")
def test_limiting_resumes_with_its_state_after_an_outage(redis_backend: RedisBackend) -> None:
    """When Redis is back, the bucket drained before the outage is still drained."""
    clock = FakeClock()
    rl = limiter(redis_backend, 2, 1, clock, failure_policy="closed")
    assert admitted(rl) == 2
    with redis_backend.outage():
        rl.acquire("alice")
    assert rl.acquire("alice").allowed is False
    clock.advance(1)
    assert rl.acquire("alice").allowed is True


@kata("failure", "failure")
def test_script_cache_flush_is_survived(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """After Redis loses its script cache (a restart, a failover) decisions go on as before."""
    client = redis_backend.client()
    rl = limiter(redis_backend, 2, 1, clock, failure_policy="closed")
    assert rl.acquire("alice").allowed is True
    client.script_flush()
    assert rl.acquire("alice").allowed is True
    assert rl.acquire("alice").allowed is False
