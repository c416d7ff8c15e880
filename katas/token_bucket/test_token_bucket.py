"""Hidden-style tests for the token bucket kata."""

from __future__ import annotations

import math

import pytest
from freezegun import freeze_time
from hypothesis import given
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, GateClock, run_threads
from grading.testkit.markers import kata
from grading.testkit.models import textbook_bucket
from grading.testkit.perf import Stamp

solution = load_solution("token_bucket")


def drain(bucket: object) -> int:
    taken = 0
    while bucket.acquire() and taken < 10_000:  # type: ignore[attr-defined]
        taken += 1
    return taken


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_full_bucket_admits_a_burst_of_capacity(clock: FakeClock) -> None:
    """A new bucket admits a burst of exactly `capacity` requests, then rejects."""
    bucket = solution.TokenBucket(5, 1, clock=clock)
    assert [bucket.acquire() for _ in range(6)] == [True] * 5 + [False]


@kata("core", "example")
def test_tokens_come_back_at_rate(clock: FakeClock) -> None:
    """Tokens come back at `rate` per second."""
    bucket = solution.TokenBucket(4, 2, clock=clock)
    drain(bucket)
    clock.advance(1.0)
    assert [bucket.acquire() for _ in range(3)] == [True, True, False]


@kata("core", "edge")
def test_acquire_n_is_all_or_nothing(clock: FakeClock) -> None:
    """acquire(n) takes n tokens at once, or none of them."""
    bucket = solution.TokenBucket(5, 1, clock=clock)
    assert bucket.acquire(3) is True
    assert bucket.acquire(3) is False
    assert bucket.acquire(2) is True


@kata("core", "edge")
def test_more_than_capacity_never_succeeds(clock: FakeClock) -> None:
    """A request for more than the capacity never succeeds and takes nothing."""
    bucket = solution.TokenBucket(3, 1, clock=clock)
    clock.advance(1_000)
    assert bucket.acquire(4) is False
    assert bucket.acquire(3) is True


@kata("core", "edge")
@pytest.mark.parametrize("kind", ["TokenBucket", "KeyedLimiter"])
@pytest.mark.parametrize(("capacity", "rate"), [(0, 1), (-1, 1), (1, 0), (1, -0.5)])
def test_non_positive_settings_are_rejected(kind: str, capacity: float, rate: float) -> None:
    """A capacity or rate that is not positive is a ValueError, for a bucket or a keyed limiter."""
    with pytest.raises(ValueError):
        getattr(solution, kind)(capacity, rate, clock=FakeClock())


@kata("core", "edge")
@pytest.mark.parametrize("n", [0, -1, -0.5, -1_000])
def test_a_request_for_no_tokens_or_fewer_is_rejected(clock: FakeClock, n: float) -> None:
    """acquire and retry_after refuse an n that is not positive (ValueError); nothing changes."""
    bucket = solution.TokenBucket(3, 1, clock=clock)
    limiter = solution.KeyedLimiter(3, 1, clock=clock)
    assert bucket.acquire(2) and limiter.acquire("k", 2)
    for call in (bucket.acquire, bucket.retry_after):
        with pytest.raises(ValueError):
            call(n)
    for keyed in (limiter.acquire, limiter.retry_after):
        with pytest.raises(ValueError):
            keyed("k", n)
    assert bucket.acquire(2) is False and limiter.acquire("k", 2) is False, "tokens were added"
    assert bucket.acquire(1) and limiter.acquire("k", 1)


@kata("core", "clock")
def test_fractional_refill_is_kept(clock: FakeClock) -> None:
    """Half a token plus half a token is a token: fractional refill is kept between calls."""
    bucket = solution.TokenBucket(1, 1, clock=clock)
    drain(bucket)
    clock.advance(0.5)
    assert bucket.acquire() is False
    clock.advance(0.5)
    assert bucket.acquire() is True


@kata("core", "clock")
def test_long_idle_refills_only_to_capacity(clock: FakeClock) -> None:
    """After a long idle period the bucket holds `capacity` tokens, not more."""
    bucket = solution.TokenBucket(3, 1, clock=clock)
    drain(bucket)
    clock.advance(3_600)
    assert drain(bucket) == 3


@kata("core", "clock")
def test_no_double_burst_across_a_second_boundary() -> None:
    """A burst just before a second boundary leaves nothing for just after it."""
    clock = FakeClock(1_000.0)
    bucket = solution.TokenBucket(10, 10, clock=clock)
    clock.set(1_000.99)
    assert drain(bucket) == 10
    clock.set(1_001.01)
    assert drain(bucket) == 0


@kata("core", "clock")
def test_clock_stepping_back_mints_nothing(clock: FakeClock) -> None:
    """A clock that steps backwards never mints tokens, even when it comes forward again."""
    bucket = solution.TokenBucket(2, 1, clock=clock)
    start = clock()
    drain(bucket)
    clock.set(start - 10)
    assert bucket.acquire() is False
    clock.set(start - 0.5)  # 9.5 s of forward motion, all still before the latest reading
    assert bucket.acquire() is False
    clock.set(start)
    assert bucket.acquire() is False
    clock.set(start + 1)
    assert bucket.acquire() is True


@kata("core", "clock")
def test_default_clock_follows_system_monotonic_time() -> None:
    """Without a clock argument the bucket reads time.monotonic (frozen here with freezegun)."""
    with freeze_time("2026-01-01 00:00:00") as frozen:
        bucket = solution.TokenBucket(2, 1)
        assert drain(bucket) == 2
        frozen.tick(1.0)
        assert bucket.acquire() is True
        assert bucket.acquire() is False


@kata("core", "clock")
def test_wall_clock_steps_change_nothing(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """The default clock is monotonic: a wall-clock (NTP) step neither refills nor drains."""
    wall, monotonic = system_clocks
    bucket = solution.TokenBucket(2, 1)
    drain(bucket)
    wall.advance(3_600)
    assert bucket.acquire() is False
    monotonic.advance(1)
    wall.advance(-7_200)
    assert bucket.acquire() is True


@kata("per_key", "clock")
def test_keyed_default_clock_is_monotonic(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument KeyedLimiter follows time.monotonic, not the wall clock."""
    wall, monotonic = system_clocks
    limiter = solution.KeyedLimiter(2, 1)
    assert [limiter.acquire("alice") for _ in range(3)] == [True, True, False]
    wall.advance(3_600)
    assert limiter.acquire("alice") is False
    monotonic.advance(1)
    assert limiter.acquire("alice") is True


schedules = st.lists(
    st.tuples(st.integers(0, 12).map(lambda q: q / 4), st.integers(1, 3)), max_size=40
)


@kata("core", "property")
@given(capacity=st.integers(1, 6), rate=st.integers(1, 4), steps=schedules)
def test_never_admits_more_than_capacity_plus_refill(
    capacity: int, rate: int, steps: list[tuple[float, int]]
) -> None:
    """Over any schedule, admitted <= capacity + rate * elapsed, and a rested bucket is full."""
    clock = FakeClock()
    bucket = solution.TokenBucket(capacity, rate, clock=clock)
    admitted, elapsed = 0, 0.0
    for wait, n in steps:
        clock.advance(wait)
        elapsed += wait
        if bucket.acquire(n):
            admitted += n
        assert admitted <= capacity + rate * elapsed + 1e-9
    clock.advance(capacity / rate)
    assert bucket.acquire(capacity) is True


@kata("core", "property")
@given(capacity=st.integers(1, 6), rate=st.integers(1, 4), steps=schedules)
def test_agrees_with_the_textbook_bucket(
    capacity: int, rate: int, steps: list[tuple[float, int]]
) -> None:
    """Every decision matches tokens = min(capacity, tokens + elapsed * rate)."""
    clock = FakeClock()
    bucket = solution.TokenBucket(capacity, rate, clock=clock)
    for wait, n, expected in textbook_bucket(capacity, rate, steps):
        clock.advance(wait)
        assert bucket.acquire(n) is expected


# --- retry_after ----------------------------------------------------------------------------


@kata("retry_after", "example")
def test_retry_after_counts_down(clock: FakeClock) -> None:
    """A drained bucket says how long until the next token, and the wait shrinks as time passes."""
    bucket = solution.TokenBucket(2, 0.5, clock=clock)
    drain(bucket)
    assert bucket.retry_after() == pytest.approx(2.0)
    clock.advance(0.5)
    assert bucket.retry_after() == pytest.approx(1.5)


@kata("retry_after", "edge")
def test_retry_after_is_zero_and_free_when_tokens_are_there(clock: FakeClock) -> None:
    """retry_after is 0 when the request would succeed now, and takes no token."""
    bucket = solution.TokenBucket(2, 1, clock=clock)
    assert bucket.retry_after() == 0
    assert bucket.retry_after(2) == 0
    assert drain(bucket) == 2


@kata("retry_after", "clock")
def test_retry_after_is_zero_while_the_clock_is_stepped_back(clock: FakeClock) -> None:
    """With the tokens there, retry_after is 0 even while the clock reads behind its latest."""
    bucket = solution.TokenBucket(2, 1, clock=clock)
    start = clock()
    assert bucket.acquire() is True
    clock.set(start - 5)
    assert bucket.retry_after() == 0, "the remaining token can be taken right now"
    assert bucket.acquire() is True


@kata("retry_after", "edge")
def test_retry_after_beyond_capacity_is_infinite(clock: FakeClock) -> None:
    """retry_after for more than the capacity is math.inf."""
    bucket = solution.TokenBucket(3, 1, clock=clock)
    assert bucket.retry_after(4) == math.inf


@kata("retry_after", "clock")
@given(
    capacity=st.integers(1, 5), rate=st.integers(1, 4), n=st.integers(1, 5), used=st.integers(0, 5)
)
def test_waiting_retry_after_is_enough(capacity: int, rate: int, n: int, used: int) -> None:
    """Waiting retry_after(n) makes acquire(n) succeed; waiting 90% of it does not."""
    clock = FakeClock()
    bucket = solution.TokenBucket(capacity, rate, clock=clock)
    for _ in range(min(used, capacity)):
        bucket.acquire()
    wait = bucket.retry_after(n)
    if n > capacity:
        assert wait == math.inf
        return
    if wait > 1e-6:
        clock.advance(wait * 0.9)
        assert bucket.acquire(n) is False
        clock.advance(wait * 0.1 + 1e-9)
    assert bucket.acquire(n) is True


@kata("retry_after", "clock")
def test_retry_after_counts_the_clock_catching_up_after_a_step_back(clock: FakeClock) -> None:
    """After a clock step back, retry_after includes the time until it passes its latest reading."""
    bucket = solution.TokenBucket(4, 2, clock=clock)
    start = clock()
    drain(bucket)
    clock.set(start - 3)
    wait = bucket.retry_after(1)
    clock.advance(wait * 0.95)
    assert bucket.acquire() is False
    clock.advance(wait * 0.05 + 1e-9)
    assert bucket.acquire() is True


@kata("retry_after", "example")
def test_keyed_retry_after_is_per_key(clock: FakeClock) -> None:
    """KeyedLimiter.retry_after answers for one key, unaffected by the others."""
    limiter = solution.KeyedLimiter(1, 0.25, clock=clock)
    assert limiter.acquire("alice") is True
    assert limiter.retry_after("alice") == pytest.approx(4.0)
    assert limiter.retry_after("bob") == 0


# --- per_key --------------------------------------------------------------------------------


@kata("per_key", "example")
def test_each_key_has_its_own_bucket(clock: FakeClock) -> None:
    """Draining one key's bucket leaves other keys untouched."""
    limiter = solution.KeyedLimiter(2, 1, clock=clock)
    assert [limiter.acquire("alice") for _ in range(3)] == [True, True, False]
    assert [limiter.acquire("bob") for _ in range(3)] == [True, True, False]


@kata("per_key", "clock")
def test_partly_refilled_bucket_is_kept(clock: FakeClock) -> None:
    """A bucket that is not yet full again is kept, with its tokens, while other keys are busy."""
    limiter = solution.KeyedLimiter(4, 1, clock=clock)
    assert sum(limiter.acquire("alice") for _ in range(4)) == 4
    clock.advance(2)
    for i in range(50):
        limiter.acquire(f"user-{i}")
    assert sum(limiter.acquire("alice") for _ in range(4)) == 2


@kata("per_key", "clock")
def test_dropped_key_returns_as_a_full_bucket(clock: FakeClock) -> None:
    """A key seen again after its bucket went idle gets a full bucket."""
    limiter = solution.KeyedLimiter(3, 1, clock=clock)
    assert sum(limiter.acquire("alice") for _ in range(3)) == 3
    clock.advance(10)
    limiter.acquire("bob")
    assert sum(limiter.acquire("alice") for _ in range(5)) == 3


@kata("per_key", "perf")
@pytest.mark.parametrize(("capacity", "rate"), [(2, 1), (4, 2)])
def test_idle_buckets_are_dropped(clock: FakeClock, capacity: int, rate: int) -> None:
    """Memory follows recently active keys: buckets idle capacity / rate seconds are dropped."""
    limiter = solution.KeyedLimiter(capacity, rate, clock=clock)
    for i in range(1_000):
        limiter.acquire(f"user-{i}")
    assert len(limiter) == 1_000
    clock.advance(capacity / rate)  # long enough to refill even an empty bucket
    for i in range(200):
        limiter.acquire(f"new-{i % 2}")
    assert len(limiter) < 100


@kata("per_key", "clock")
def test_keyed_clock_stepping_back_renews_no_bucket(clock: FakeClock) -> None:
    """A key used while the clock is stepped back is not dropped early and mints nothing."""
    limiter = solution.KeyedLimiter(4, 2, clock=clock)
    start = clock()
    assert sum(limiter.acquire("alice") for _ in range(4)) == 4
    clock.set(start - 5)
    assert limiter.acquire("alice") is False
    clock.set(start + 0.5)  # 5.5 s after the stepped-back reading, 0.5 s after the latest one
    limiter.acquire("bob")
    assert sum(limiter.acquire("alice") for _ in range(4)) == 1


@kata("per_key", "perf")
def test_a_busy_old_key_does_not_keep_idle_keys_alive(clock: FakeClock) -> None:
    """Idle buckets are dropped even while the oldest key stays in steady use."""
    limiter = solution.KeyedLimiter(2, 1, clock=clock)
    limiter.acquire("busy")
    for i in range(1_000):
        limiter.acquire(f"user-{i}")
    for _ in range(4):
        clock.advance(1)
        for _ in range(300):
            limiter.acquire("busy")
    assert len(limiter) < 100


@kata("per_key", "perf")
def test_keyed_calls_do_not_slow_down_with_many_keys() -> None:
    """KeyedLimiter.acquire does a bounded amount of work, however many keys are held."""
    now = Stamp(1_000.0)
    limiter = solution.KeyedLimiter(1_000_000, 1, clock=lambda: now)
    for i in range(2_000):
        limiter.acquire(i)
    Stamp.uses = 0
    for i in range(100):
        limiter.acquire(i % 50)
    # Amortised O(1) is a few uses of the clock reading per call; a sweep of every key, thousands.
    assert Stamp.uses / 100 < 50


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_many_threads_one_bucket_admit_exactly_capacity() -> None:
    """8 threads hammering one bucket with the clock frozen admit exactly `capacity`."""
    bucket = solution.TokenBucket(50, 1, clock=FakeClock())
    admitted = run_threads(8, lambda _: sum(bucket.acquire() for _ in range(10)))
    assert sum(admitted) == 50


@kata("thread_safe", "concurrency")
def test_simultaneous_requests_race_for_the_last_tokens() -> None:
    """8 requests reading the clock at the same instant share 5 tokens: exactly 5 admitted."""
    gate = GateClock(parties=8, patience=0.02)
    gate.open = False
    bucket = solution.TokenBucket(5, 1, clock=gate)
    gate.open = True
    admitted = run_threads(8, lambda _: bucket.acquire())
    assert sum(admitted) == 5


@kata("thread_safe", "concurrency")
def test_first_requests_for_a_new_key_share_one_bucket() -> None:
    """Simultaneous first requests for one key share one bucket: exactly `capacity` admitted."""
    gate = GateClock(parties=8, patience=0.02)
    limiter = solution.KeyedLimiter(1, 1, clock=gate)
    admitted = run_threads(8, lambda _: limiter.acquire("alice"))
    assert sum(admitted) == 1


@kata("thread_safe", "concurrency")
def test_retry_after_racing_acquires_sees_whole_states() -> None:
    """retry_after read during acquires answers for a state before or after each, never between."""
    for _ in range(5):  # small scenarios, a few times: each interleaving is a fresh chance
        clock = FakeClock()
        bucket = solution.TokenBucket(2, 1, clock=clock)
        drain(bucket)
        taken, waits = run_threads(2, lambda i, b=bucket, c=clock: take_or_read(i, b, c))
        assert taken == [1.0, 1.0, 1.0]
        # Between calls the bucket holds no token, or the one due since the last acquire.
        assert set(waits) <= {1.0, 2.0}
        assert bucket.acquire() is False


def take_or_read(index: int, bucket: object, clock: FakeClock) -> list[float]:
    """Thread 0: a token comes due and is taken, three times over. Thread 1: reads the wait."""
    if index == 0:
        taken = []
        for _ in range(3):
            clock.advance(1)
            taken.append(float(bucket.acquire()))  # type: ignore[attr-defined]
        return taken
    return [bucket.retry_after(2) for _ in range(6)]  # type: ignore[attr-defined]


@kata("thread_safe", "concurrency")
def test_many_keys_from_many_threads() -> None:
    """Threads spread over 4 keys admit exactly `capacity` per key, with no exceptions."""
    limiter = solution.KeyedLimiter(10, 1, clock=FakeClock())
    admitted = run_threads(8, lambda i: sum(limiter.acquire(f"k{(i + j) % 4}") for j in range(12)))
    assert sum(admitted) == 40
