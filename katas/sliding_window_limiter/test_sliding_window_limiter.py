"""Hidden-style tests for the sliding window limiter kata."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, GateClock, peak_memory, run_threads
from grading.testkit.markers import kata
from grading.testkit.perf import Stamp

solution = load_solution("sliding_window_limiter")


def burst(limiter: Any, tries: int = 50) -> int:
    return sum(limiter.acquire() for _ in range(tries))


# Steps of a quarter second (exact in binary), so window edges are hit exactly.
schedules = st.lists(
    st.tuples(st.integers(0, 6).map(lambda q: q / 4), st.integers(1, 4)), max_size=40
)


# --- log ------------------------------------------------------------------------------------


@kata("log", "example")
def test_log_admits_limit_then_rejects(clock: FakeClock) -> None:
    """A new log limiter admits exactly `limit` requests in a window, then rejects."""
    log = solution.SlidingWindowLog(3, 1.0, clock=clock)
    assert [log.acquire() for _ in range(4)] == [True, True, True, False]


@kata("log", "example")
def test_log_frees_a_slot_when_the_oldest_request_leaves(clock: FakeClock) -> None:
    """Each admitted request frees its slot one window after it was made, oldest first."""
    log = solution.SlidingWindowLog(3, 1.0, clock=clock)
    for _ in range(3):
        assert log.acquire() is True
        clock.advance(0.25)
    assert log.acquire() is False
    clock.advance(0.25)
    assert [log.acquire(), log.acquire()] == [True, False]
    clock.advance(0.25)
    assert [log.acquire(), log.acquire()] == [True, False]


@kata("log", "edge")
def test_a_request_leaves_the_window_exactly_one_window_later(clock: FakeClock) -> None:
    """A request counts until just before t + window and no longer at exactly t + window."""
    log = solution.SlidingWindowLog(1, 2.0, clock=clock)
    start = clock()
    assert log.acquire() is True
    clock.set(start + 1.9375)
    assert log.acquire() is False
    clock.set(start + 2.0)
    assert log.acquire() is True


@kata("log", "edge")
def test_rejected_requests_do_not_take_a_slot(clock: FakeClock) -> None:
    """Requests rejected while the window is full do not push the next free slot back."""
    log = solution.SlidingWindowLog(2, 1.0, clock=clock)
    assert burst(log) == 2
    for _ in range(3):
        clock.advance(0.25)
        assert burst(log, 5) == 0
    clock.advance(0.25)
    assert burst(log) == 2


@kata("log", "edge")
@pytest.mark.parametrize("kind", ["SlidingWindowLog", "SlidingWindowCounter"])
@pytest.mark.parametrize(("limit", "window"), [(0, 1.0), (-1, 1.0), (1, 0.0), (1, -1.0)])
def test_non_positive_settings_are_rejected(kind: str, limit: int, window: float) -> None:
    """A limit or window that is not positive is a ValueError, for both variants."""
    with pytest.raises(ValueError):
        getattr(solution, kind)(limit, window, clock=FakeClock())


@kata("log", "clock")
def test_log_rejects_a_second_burst_across_a_boundary() -> None:
    """A full burst just before a second boundary leaves no room just after it."""
    clock = FakeClock(1_000.0)
    log = solution.SlidingWindowLog(10, 1.0, clock=clock)
    clock.set(1_000.99)
    assert burst(log) == 10
    clock.set(1_001.01)
    assert burst(log) == 0
    clock.set(1_001.99)
    assert burst(log) == 10


@kata("log", "example")
def test_retry_after_is_the_time_until_the_oldest_request_leaves(clock: FakeClock) -> None:
    """retry_after is 0 with room left, else the wait until the oldest request leaves."""
    log = solution.SlidingWindowLog(2, 1.0, clock=clock)
    assert log.retry_after() == 0
    log.acquire()
    clock.advance(0.25)
    log.acquire()
    assert log.retry_after() == pytest.approx(0.75)
    clock.advance(0.5)
    assert log.retry_after() == pytest.approx(0.25)
    clock.advance(0.25)
    assert log.retry_after() == 0
    assert log.acquire() is True


@kata("log", "clock")
def test_retry_after_a_quiet_spell_is_zero(clock: FakeClock) -> None:
    """retry_after is 0.0, never negative, once the logged requests have left the window."""
    log = solution.SlidingWindowLog(2, 1.0, clock=clock)
    assert burst(log) == 2
    clock.advance(5.0)
    assert log.retry_after() == 0.0


@kata("log", "clock")
def test_log_works_in_seconds_for_a_minute_long_window(clock: FakeClock) -> None:
    """With a 60 s window, slots free up and retry_after counts in seconds of that window."""
    log = solution.SlidingWindowLog(2, 60.0, clock=clock)
    start = clock()
    assert log.acquire() is True
    clock.set(start + 15)
    assert log.acquire() is True
    clock.set(start + 30)
    assert log.acquire() is False
    assert log.retry_after() == pytest.approx(30.0)
    clock.set(start + 59.75)
    assert log.acquire() is False
    clock.set(start + 60)
    assert [log.acquire(), log.acquire()] == [True, False]
    assert log.retry_after() == pytest.approx(15.0)


@kata("log", "property")
@settings(max_examples=40)
@given(limit=st.integers(1, 4), window=st.sampled_from([0.5, 1.0, 2.5]), steps=schedules)
def test_waiting_retry_after_is_exactly_enough(
    limit: int, window: float, steps: list[tuple[float, int]]
) -> None:
    """After any traffic, waiting retry_after() lets a request in; waiting half of it does not."""
    clock = FakeClock()
    log = solution.SlidingWindowLog(limit, window, clock=clock)
    for wait, calls in steps:
        clock.advance(wait)
        burst(log, calls)
    wait = log.retry_after()
    assert wait >= 0
    if wait > 0:
        clock.advance(wait / 2)
        assert log.acquire() is False
        clock.advance(wait / 2)
    assert log.acquire() is True


@kata("log", "clock")
def test_default_clock_is_monotonic(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument the log reads time.monotonic: a wall-clock step changes nothing."""
    wall, monotonic = system_clocks
    log = solution.SlidingWindowLog(1, 1.0)
    assert log.acquire() is True
    wall.advance(3_600)
    assert log.acquire() is False
    monotonic.advance(1)
    assert log.acquire() is True


@kata("log", "property")
@settings(max_examples=50)
@given(limit=st.integers(1, 5), steps=schedules)
def test_log_agrees_with_counting_the_last_window(
    limit: int, steps: list[tuple[float, int]]
) -> None:
    """Every decision equals: fewer than `limit` admitted requests in (now - window, now]."""
    clock = FakeClock()
    log = solution.SlidingWindowLog(limit, 1.0, clock=clock)
    admitted: list[float] = []
    for wait, calls in steps:
        clock.advance(wait)
        now = clock()
        for _ in range(calls):
            expected = sum(t > now - 1.0 for t in admitted) < limit
            if expected:
                admitted.append(now)
            assert log.acquire() is expected


@kata("log", "perf")
def test_log_memory_stays_bounded_by_the_limit(clock: FakeClock) -> None:
    """After a long run of traffic the log holds at most `limit` timestamps."""
    log = solution.SlidingWindowLog(5, 1.0, clock=clock)

    def traffic() -> None:
        for _ in range(8_000):
            clock.advance(0.0625)
            log.acquire()

    peak = peak_memory(traffic)
    assert len(log) <= 5
    # Five timestamps take a few kB; a log never pruned, 90 kB or more.
    assert peak < 48_000


@kata("log", "perf")
def test_log_calls_do_not_scan_the_whole_log() -> None:
    """A call on a full log does a bounded amount of work, however large the limit."""
    per_call = {}
    for limit in (50, 2_000):
        now = Stamp(1_000.0)
        log = solution.SlidingWindowLog(limit, 10.0, clock=lambda t=now: t)
        for _ in range(limit):
            log.acquire()
        Stamp.uses = 0
        for _ in range(100):  # full, nothing leaves: every call is rejected
            log.acquire()
        per_call[limit] = Stamp.uses / 100
    # Amortised O(1) is a few uses of the clock reading per call; a scan uses thousands.
    assert per_call[2_000] < 50


# --- counter --------------------------------------------------------------------------------


@kata("counter", "example")
def test_counter_admits_limit_then_rejects(clock: FakeClock) -> None:
    """A new counter limiter admits exactly `limit` requests in a window, then rejects."""
    counter = solution.SlidingWindowCounter(3, 1.0, clock=clock)
    assert [counter.acquire() for _ in range(4)] == [True, True, True, False]


@kata("counter", "example")
def test_estimate_weights_the_previous_window(clock: FakeClock) -> None:
    """estimate() is the current count plus the previous count times the part still in view."""
    clock.set(1_000.0)
    counter = solution.SlidingWindowCounter(10, 1.0, clock=clock)
    for _ in range(8):
        counter.acquire()
    clock.set(1_001.25)
    counter.acquire()
    assert counter.estimate() == pytest.approx(8 * 0.75 + 1)


@kata("counter", "clock")
def test_counter_rejects_a_second_burst_across_a_boundary() -> None:
    """A full burst just before a window boundary leaves no room just after it."""
    clock = FakeClock(1_000.0)
    counter = solution.SlidingWindowCounter(10, 1.0, clock=clock)
    clock.set(1_000.99)
    assert burst(counter) == 10
    clock.set(1_001.01)
    assert burst(counter) == 0


@kata("counter", "clock")
def test_counter_admits_what_the_weighted_estimate_leaves(clock: FakeClock) -> None:
    """Three quarters into a window, a full previous window still weighs one quarter."""
    clock.set(1_000.0)
    counter = solution.SlidingWindowCounter(10, 1.0, clock=clock)
    assert burst(counter) == 10
    clock.set(1_001.75)
    assert burst(counter) == 7


@kata("counter", "clock")
def test_counter_forgets_windows_older_than_the_previous_one(clock: FakeClock) -> None:
    """After a gap longer than a window, the old window's count no longer weighs anything."""
    clock.set(1_000.5)
    counter = solution.SlidingWindowCounter(10, 1.0, clock=clock)
    assert burst(counter) == 10
    clock.set(1_002.25)
    assert counter.estimate() == 0
    assert burst(counter) == 10


@kata("counter", "clock")
def test_counter_error_is_bounded_as_documented(clock: FakeClock) -> None:
    """The counter can let through more than an exact log (requests bunched at a window's end)."""
    clock.set(1_000.75)
    counter = solution.SlidingWindowCounter(8, 1.0, clock=clock)
    log = solution.SlidingWindowLog(8, 1.0, clock=clock)
    assert burst(counter) == 8 and burst(log) == 8
    clock.set(1_001.5)
    assert burst(log) == 0
    assert burst(counter) == 4


@kata("counter", "clock")
def test_counter_weighs_by_the_fraction_of_a_minute_long_window(clock: FakeClock) -> None:
    """With a 60 s window, the previous window weighs the fraction of 60 s still in view."""
    clock.set(60 * 20 + 30.0)  # halfway through aligned window 20
    counter = solution.SlidingWindowCounter(10, 60.0, clock=clock)
    assert burst(counter) == 10
    clock.set(60 * 21 + 45.0)  # three quarters into window 21
    assert counter.estimate() == pytest.approx(2.5)
    assert burst(counter) == 7


@kata("counter", "clock")
def test_counter_default_clock_is_monotonic(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument the counter reads time.monotonic, not the wall clock."""
    wall, monotonic = system_clocks
    counter = solution.SlidingWindowCounter(1, 1.0)
    assert counter.acquire() is True
    wall.advance(3_600)
    assert counter.acquire() is False
    monotonic.advance(2)
    assert counter.acquire() is True


@kata("counter", "property")
@settings(max_examples=50)
@given(limit=st.integers(1, 6), steps=schedules)
def test_counter_stays_within_its_stated_bounds(limit: int, steps: list[tuple[float, int]]) -> None:
    """Never over `limit` per aligned window, under 2x per window-long span, estimate <= limit."""
    clock = FakeClock()
    counter = solution.SlidingWindowCounter(limit, 1.0, clock=clock)
    admitted: list[float] = []
    for wait, calls in steps:
        clock.advance(wait)
        now = clock()
        admitted += [now for _ in range(calls) if counter.acquire()]
        assert counter.estimate() <= limit + 1e-9
        assert sum(math.floor(t) == math.floor(now) for t in admitted) <= limit
        assert sum(t > now - 1.0 for t in admitted) < 2 * limit


@kata("counter", "perf")
def test_counter_memory_does_not_grow_with_traffic(clock: FakeClock) -> None:
    """The counter keeps two numbers, not one entry per request."""
    counter = solution.SlidingWindowCounter(5_000, 1_000.0, clock=clock)

    def traffic() -> None:
        for _ in range(2_000):
            clock.advance(0.001)
            counter.acquire()

    # Two numbers take a few kB; one entry per request, 64 kB or more.
    assert peak_memory(traffic) < 48_000


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_many_threads_one_log_admit_exactly_limit() -> None:
    """8 threads hammering one log with the clock frozen admit exactly `limit`."""
    log = solution.SlidingWindowLog(30, 1.0, clock=FakeClock())
    results = run_threads(8, lambda _: burst(log, 6))
    assert sum(results) == 30
    assert len(log) == 30


@kata("thread_safe", "concurrency")
def test_simultaneous_requests_race_for_the_last_slots() -> None:
    """8 requests reading the clock at the same instant share 5 slots: exactly 5 admitted."""
    gate = GateClock(parties=8, patience=0.02)
    gate.open = False
    log = solution.SlidingWindowLog(5, 1.0, clock=gate)
    gate.open = True
    assert sum(run_threads(8, lambda _: log.acquire())) == 5


def stagger(lines: int) -> None:
    """Run a few lines of nothing, so each round lines the two threads up differently."""
    for _ in range(lines):
        pass


@kata("thread_safe", "concurrency")
def test_log_retry_after_racing_an_acquire_frees_nothing() -> None:
    """retry_after racing an acquire that prunes sees before or after it, and frees no slot."""
    for offset in range(-2, 3):  # small scenarios, each lining the two threads up differently
        clock = FakeClock()
        log = solution.SlidingWindowLog(2, 1.0, clock=clock)
        log.acquire()
        clock.advance(0.5)
        log.acquire()
        clock.advance(0.5)  # the first request has just left; the second stays 0.5 s more

        def act(index: int, log: Any = log, offset: int = offset) -> list[float]:
            stagger(offset if index == 0 else -offset)
            if index == 0:
                return [float(log.acquire())]
            return [log.retry_after() for _ in range(3)]

        taken, waits = run_threads(2, act)
        assert taken == [1.0]
        assert set(waits) <= {0.0, 0.5}
        assert log.acquire() is False
        assert log.retry_after() == pytest.approx(0.5)


def roll_through_windows(counter: Any, clock: FakeClock) -> list[bool]:
    """Halfway into each of five new windows, three requests."""
    admitted = []
    for k in range(1, 6):
        clock.set(1_000.0 + k + 0.5)
        admitted += [counter.acquire() for _ in range(3)]
    return admitted


@kata("thread_safe", "concurrency")
def test_counter_estimate_racing_rolls_to_new_windows() -> None:
    """estimate() racing acquires that roll into new windows changes no decision, stays <= limit."""
    alone_clock = FakeClock(1_000.0)
    alone = solution.SlidingWindowCounter(3, 1.0, clock=alone_clock)
    burst(alone)
    expected = roll_through_windows(alone, alone_clock)
    for _ in range(4):  # small scenarios, a few times: each interleaving is a fresh chance
        clock = FakeClock(1_000.0)
        counter = solution.SlidingWindowCounter(3, 1.0, clock=clock)
        burst(counter)
        admitted, estimates = run_threads(
            2,
            lambda i, c=counter, t=clock: (
                roll_through_windows(c, t) if i == 0 else [c.estimate() for _ in range(14)]
            ),
        )
        assert admitted == expected
        assert max(estimates) <= 3


@kata("thread_safe", "concurrency")
def test_many_threads_one_counter_admit_exactly_limit() -> None:
    """8 threads hammering one counter with the clock frozen admit exactly `limit`."""
    counter = solution.SlidingWindowCounter(30, 1.0, clock=FakeClock())
    results = run_threads(8, lambda _: burst(counter, 6))
    assert sum(results) == 30
