"""Hidden-style tests for the connection pool kata."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import ClassVar

import pytest

from grading.solution import load_solution
from grading.testkit import FakeClock, growth_ratio, run_threads
from grading.testkit.markers import kata
from grading.testkit.waiting import scheduled, spawn

solution = load_solution("connection_pool")

SHORT = 0.05  # a real wait, only where a timeout must be seen to expire


class FakeConnection:
    """A connection with a health flag: `healthy = False` makes ping() fail, as a dropped socket.

    `close_fails = True` makes close() raise too (after it has closed), as a socket already reset.
    """

    def __init__(self, number: int) -> None:
        self.number = number
        self.healthy = True
        self.closed = False
        self.close_fails = False
        self.pings = 0

    def ping(self) -> bool:
        self.pings += 1
        return self.healthy and not self.closed

    def close(self) -> None:
        self.closed = True
        if self.close_fails:
            raise ConnectionResetError("connection reset by peer")

    def __repr__(self) -> str:
        return f"<conn {self.number}>"


class Factory:
    """Makes numbered FakeConnections; `down = True` makes it raise ConnectionRefusedError."""

    def __init__(self) -> None:
        self.made: list[FakeConnection] = []
        self.down = False
        self._lock = threading.Lock()

    def __call__(self) -> FakeConnection:
        if self.down:
            raise ConnectionRefusedError("database unreachable")
        with self._lock:
            conn = FakeConnection(len(self.made))
            self.made.append(conn)
        return conn


def make(max_size: int = 3, **options: object) -> tuple[object, Factory]:
    factory = Factory()
    return solution.ConnectionPool(factory, max_size, **options), factory


def times_out(pool: object, timeout: float = SHORT) -> bool:
    """True if acquire(timeout) raises PoolTimeout; fails the test if it blocks for good."""

    def attempt(_: int) -> bool:
        try:
            pool.acquire(timeout=timeout)  # type: ignore[attr-defined]
        except solution.PoolTimeout:
            return True
        return False

    return run_threads(1, attempt, timeout=1.0, step=False)[0]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_released_connection_is_reused() -> None:
    """A released connection is handed out again instead of opening a new one."""
    pool, factory = make()
    conn = pool.acquire()
    pool.release(conn)
    assert pool.acquire() is conn
    assert len(factory.made) == 1


@kata("core", "example")
def test_opens_new_connections_up_to_max_size() -> None:
    """Concurrent checkouts get distinct connections, up to max_size of them."""
    pool, factory = make(max_size=3)
    conns = [pool.acquire(timeout=0) for _ in range(3)]
    assert len({id(c) for c in conns}) == 3
    assert (pool.size, pool.in_use, pool.idle) == (3, 3, 0)
    assert times_out(pool)
    assert len(factory.made) == 3


@kata("core", "example")
def test_counts_follow_checkouts_and_returns() -> None:
    """size, idle and in_use track what is checked out and what waits in the pool."""
    pool, _ = make(max_size=5)
    a, b = pool.acquire(), pool.acquire()
    pool.release(a)
    assert (pool.size, pool.idle, pool.in_use) == (2, 1, 1)
    pool.release(b)
    assert (pool.size, pool.idle, pool.in_use) == (2, 2, 0)


@kata("core", "example")
def test_context_manager_acquires_and_releases() -> None:
    """`with pool.connection()` gives a connection for the block and returns it afterwards."""
    pool, _ = make(max_size=1)
    with pool.connection() as conn:
        assert pool.in_use == 1
    assert pool.in_use == 0
    assert pool.acquire(timeout=0) is conn


@kata("core", "edge")
def test_a_failing_block_does_not_leak_its_connection() -> None:
    """A block that raises still returns its connection, and the exception reaches the caller."""
    pool, _ = make(max_size=1)
    for _ in range(3):
        with pytest.raises(KeyError), pool.connection(timeout=0):
            raise KeyError("bug in the request handler")
    assert (pool.in_use, pool.idle) == (0, 1)
    assert pool.acquire(timeout=0) is not None


@kata("core", "edge")
def test_double_release_is_refused() -> None:
    """Releasing a connection twice is a ValueError, so it can never be handed to two callers."""
    pool, _ = make()
    conn = pool.acquire()
    pool.release(conn)
    with pytest.raises(ValueError):
        pool.release(conn)
    assert pool.idle == 1
    assert pool.acquire() is not pool.acquire()


@kata("core", "edge")
def test_foreign_connection_is_refused() -> None:
    """Releasing a connection this pool did not hand out is a ValueError."""
    pool, _ = make()
    with pytest.raises(ValueError):
        pool.release(FakeConnection(99))
    assert (pool.size, pool.idle) == (0, 0)


@kata("core", "edge")
def test_the_default_max_size_is_10() -> None:
    """Without max_size the pool opens up to 10 connections, and no more."""
    factory = Factory()
    pool = solution.ConnectionPool(factory)
    conns = [pool.acquire(timeout=0) for _ in range(10)]
    assert len({id(c) for c in conns}) == 10
    with pytest.raises(solution.PoolTimeout):
        pool.acquire(timeout=0)
    assert len(factory.made) == 10


@kata("core", "edge")
def test_settings_at_their_limits_are_accepted(clock: FakeClock) -> None:
    """min_idle equal to max_size, min_idle 0 and a sub-second idle_timeout are all valid."""
    full, factory = make(max_size=3, min_idle=3)
    assert (full.size, full.idle, len(factory.made)) == (3, 3, 3)
    single, _ = make(max_size=1, min_idle=0, idle_timeout=0.5, clock=clock)
    single.release(single.acquire())
    clock.advance(0.5)
    single.maintain()
    assert (single.size, single.idle) == (0, 0)


@kata("core", "edge")
@pytest.mark.parametrize(
    ("max_size", "options"),
    [(0, {}), (2, {"min_idle": 3}), (2, {"min_idle": -1}), (2, {"idle_timeout": 0.0})],
)
def test_nonsense_settings_are_rejected(max_size: int, options: dict[str, float]) -> None:
    """max_size < 1, min_idle outside [0, max_size], or idle_timeout <= 0 is a ValueError."""
    with pytest.raises(ValueError):
        solution.ConnectionPool(Factory(), max_size, **options)


class CountingConnection(FakeConnection):
    """A connection that counts hashes and comparisons made on it: a scan over n costs n."""

    counter: ClassVar[list[int]] = [0]

    def __hash__(self) -> int:
        self.counter[0] += 1
        return id(self)

    def __eq__(self, other: object) -> bool:
        self.counter[0] += 1
        return self is other


@kata("core", "perf")
def test_acquire_and_release_touch_a_bounded_number_of_connections() -> None:
    """acquire() and release() cost O(1): no scan over the connections checked out or idle."""
    made: list[CountingConnection] = []

    def factory() -> CountingConnection:
        made.append(CountingConnection(len(made)))
        return made[-1]

    size = 500
    pool = solution.ConnectionPool(factory, size)
    for _ in range(2):  # opening, then reusing
        conns = [pool.acquire(timeout=0) for _ in range(size)]
        CountingConnection.counter[0] = 0
        for conn in conns[::-2] + conns[::2]:  # out of the order of checkout
            pool.release(conn)
        conns = [pool.acquire(timeout=0) for _ in range(size)]
        assert CountingConnection.counter[0] <= 10 * 2 * size
        for conn in conns:
            pool.release(conn)
    assert len(made) == size


# --- timeout --------------------------------------------------------------------------------


@kata("timeout", "edge")
def test_exhausted_pool_times_out() -> None:
    """With every connection checked out, acquire raises PoolTimeout once the timeout passes."""
    pool, factory = make(max_size=2)
    pool.acquire()
    pool.acquire()
    assert times_out(pool)
    assert len(factory.made) == 2


@kata("timeout", "edge")
def test_zero_timeout_does_not_wait() -> None:
    """acquire(timeout=0) on an exhausted pool raises PoolTimeout at once."""
    pool, _ = make(max_size=1)
    pool.acquire()
    assert times_out(pool, timeout=0)
    with pytest.raises(TimeoutError):  # PoolTimeout is a TimeoutError
        pool.acquire(timeout=0)


@kata("timeout", "edge")
def test_a_zero_or_negative_timeout_still_takes_a_free_connection() -> None:
    """acquire() with timeout 0 or below takes an idle connection or opens one, without waiting."""
    pool, factory = make(max_size=2)
    first = pool.acquire(timeout=0)
    second = pool.acquire(timeout=-1)
    assert first is not second
    pool.release(first)
    assert pool.acquire(timeout=-5) is first
    assert len(factory.made) == 2


@kata("timeout", "edge")
def test_a_negative_timeout_on_an_exhausted_pool_times_out_at_once() -> None:
    """A negative timeout counts as 0: PoolTimeout at once when nothing is free."""
    pool, _ = make(max_size=1)
    pool.acquire()
    assert times_out(pool, timeout=-1)
    with pytest.raises(solution.PoolTimeout):
        pool.acquire(timeout=-0.5)


@kata("timeout", "concurrency")
@scheduled
def test_a_waiter_that_loses_the_race_for_a_connection_keeps_waiting() -> None:
    """A waiter woken for a connection another caller took first waits on, until it gets one."""
    pool, _ = make(max_size=1)
    held = pool.acquire()
    waiter = spawn(lambda: pool.acquire(timeout=3.0), "waiter")
    mine = True
    for _ in range(3):
        assert not waiter.finished(0.05), "the waiter returned or raised with nothing free"
        pool.release(held)
        try:
            held = pool.acquire(timeout=0)  # barge in ahead of the waiter just woken
        except solution.PoolTimeout:
            mine = False  # the waiter got it: fine too
            break
    if mine:
        pool.release(held)
    assert isinstance(waiter.result(2.0), FakeConnection)


@kata("timeout", "concurrency")
@scheduled
def test_without_a_timeout_acquire_waits_for_a_release() -> None:
    """acquire() with no timeout on an exhausted pool waits, however long, for a release."""
    pool, _ = make(max_size=1)
    held = pool.acquire()
    waiter = spawn(lambda: pool.acquire(), "waiter")
    assert not waiter.finished(SHORT), "acquire() returned or raised with nothing free"
    pool.release(held)
    assert waiter.result(2.0) is held


@kata("timeout", "example")
def test_a_waiter_gets_the_connection_released_to_it() -> None:
    """A caller waiting on an exhausted pool receives the connection another caller releases."""
    pool, _ = make(max_size=1)
    held = pool.acquire()
    waiting = threading.Event()
    got: list[object] = []

    def waiter() -> None:
        waiting.set()
        got.append(pool.acquire(timeout=1.0))

    thread = threading.Thread(target=waiter, daemon=True)
    thread.start()
    assert waiting.wait(1.0)
    pool.release(held)
    thread.join(1.5)
    assert held is not None and got == [held]


@kata("timeout", "edge")
def test_a_timeout_leaves_the_pool_usable() -> None:
    """After a timed-out acquire, a release still serves the next caller normally."""
    pool, _ = make(max_size=1)
    conn = pool.acquire()
    assert times_out(pool)
    pool.release(conn)
    assert pool.acquire(timeout=0) is conn


# --- health ---------------------------------------------------------------------------------


@kata("health", "failure")
def test_broken_idle_connection_is_replaced() -> None:
    """A connection that went bad while idle is closed and a fresh one handed out instead."""
    pool, factory = make(max_size=1)
    conn = pool.acquire()
    pool.release(conn)
    conn.healthy = False
    fresh = pool.acquire(timeout=0)
    assert fresh is not conn
    assert fresh.healthy
    assert conn.closed
    assert (pool.size, len(factory.made)) == (1, 2)


@kata("health", "failure")
def test_every_broken_idle_connection_is_skipped() -> None:
    """Several broken idle connections are all dropped before a healthy one is handed out."""
    pool, _ = make(max_size=4)
    conns = [pool.acquire() for _ in range(4)]
    for conn in conns:
        pool.release(conn)
    for conn in conns[1:]:
        conn.healthy = False
    assert pool.acquire(timeout=0) is conns[0]
    assert all(conn.closed for conn in conns[1:])
    assert (pool.size, pool.idle) == (1, 0)


@kata("health", "failure")
def test_a_broken_connection_whose_close_raises_is_still_dropped() -> None:
    """A broken connection is dropped even if closing it raises too; acquire still succeeds."""
    pool, factory = make(max_size=2)
    conn = pool.acquire()
    pool.release(conn)
    conn.healthy = False
    conn.close_fails = True
    fresh = pool.acquire(timeout=0)
    assert fresh is not conn and conn.closed
    assert (pool.size, pool.in_use, pool.idle, len(factory.made)) == (1, 1, 0, 2)


@kata("health", "failure")
def test_a_ping_that_raises_means_broken() -> None:
    """A ping that raises instead of returning False also marks the connection broken."""
    pool, _ = make(max_size=1)
    conn = pool.acquire()
    pool.release(conn)

    def ping() -> bool:
        raise ConnectionResetError("socket closed")

    conn.ping = ping  # type: ignore[method-assign]
    assert pool.acquire(timeout=0) is not conn


@kata("health", "failure")
def test_idle_connections_are_checked_on_checkout() -> None:
    """An idle connection is pinged before it is handed out."""
    pool, _ = make()
    conn = pool.acquire()
    pool.release(conn)
    before = conn.pings
    assert pool.acquire() is conn
    assert conn.pings > before


@kata("health", "failure")
def test_a_failing_factory_leaks_no_slot() -> None:
    """If opening a connection fails the error reaches the caller and the slot is given back."""
    pool, factory = make(max_size=1)
    factory.down = True
    for _ in range(3):
        with pytest.raises(ConnectionRefusedError):
            pool.acquire(timeout=0)
    assert pool.size == 0
    factory.down = False
    assert pool.acquire(timeout=0) is factory.made[0]


@kata("health", "failure")
def test_a_factory_failing_in_maintain_leaks_no_slot(clock: FakeClock) -> None:
    """When opening fails half-way through maintain(), every slot not opened is given back."""
    factory = Factory()
    calls = {"left": None}

    def flaky() -> FakeConnection:
        if calls["left"] is not None:
            if calls["left"] <= 0:
                raise ConnectionRefusedError("database unreachable")
            calls["left"] -= 1
        return factory()

    pool = solution.ConnectionPool(flaky, 6, min_idle=3, clock=clock)
    held = [pool.acquire(timeout=0) for _ in range(3)]
    calls["left"] = 1  # maintain wants 3 new idle connections: the second open fails
    with contextlib.suppress(ConnectionRefusedError):
        pool.maintain()
    assert pool.in_use == 3
    assert (
        pool.size
        == pool.idle + pool.in_use
        == len(factory.made) - sum(c.closed for c in factory.made)
    )
    calls["left"] = None
    held += [pool.acquire(timeout=0) for _ in range(3)]
    assert len({id(c) for c in held}) == 6
    with pytest.raises(solution.PoolTimeout):
        pool.acquire(timeout=0)


# --- idle -----------------------------------------------------------------------------------


@kata("idle", "clock")
def test_idle_connections_are_evicted_after_the_timeout(clock: FakeClock) -> None:
    """maintain() closes connections idle for idle_timeout, and keeps fresher ones."""
    pool, _ = make(max_size=3, idle_timeout=60.0, clock=clock)
    a, b = pool.acquire(), pool.acquire()
    pool.release(a)
    clock.advance(30)
    pool.release(b)
    clock.advance(30)
    pool.maintain()
    assert (a.closed, b.closed) == (True, False)
    assert (pool.size, pool.idle) == (1, 1)


@kata("idle", "clock")
def test_idle_time_counts_from_the_last_release(clock: FakeClock) -> None:
    """A connection in steady use is never evicted: its idle time restarts at each release."""
    pool, _ = make(max_size=1, idle_timeout=10.0, clock=clock)
    for _ in range(10):
        with pool.connection() as conn:
            clock.advance(9)
        pool.maintain()
    assert not conn.closed
    assert pool.size == 1


@kata("idle", "clock")
def test_checked_out_connections_are_never_evicted(clock: FakeClock) -> None:
    """maintain() only closes idle connections, never one that is checked out."""
    pool, _ = make(max_size=2, idle_timeout=10.0, clock=clock)
    conn = pool.acquire()
    clock.advance(1_000)
    pool.maintain()
    assert not conn.closed
    assert pool.in_use == 1


@kata("idle", "clock")
def test_without_idle_timeout_nothing_is_evicted(clock: FakeClock) -> None:
    """With idle_timeout None, idle connections stay open however long they wait."""
    pool, _ = make(max_size=2, clock=clock)
    pool.release(pool.acquire())
    clock.advance(1e9)
    pool.maintain()
    assert pool.idle == 1


@kata("idle", "clock")
def test_min_idle_is_opened_up_front_and_kept(clock: FakeClock) -> None:
    """The pool opens min_idle connections at once, and eviction never goes below min_idle."""
    pool, factory = make(max_size=5, min_idle=2, idle_timeout=10.0, clock=clock)
    assert (pool.size, pool.idle, len(factory.made)) == (2, 2, 2)
    conns = [pool.acquire() for _ in range(4)]
    for conn in conns:
        pool.release(conn)
    clock.advance(10)
    pool.maintain()
    assert (pool.size, pool.idle) == (2, 2)


@kata("idle", "clock")
def test_maintain_refills_min_idle(clock: FakeClock) -> None:
    """After broken connections are dropped, maintain() opens new ones back up to min_idle."""
    pool, factory = make(max_size=3, min_idle=2, clock=clock)
    for conn in factory.made:
        conn.healthy = False
    conn = pool.acquire()
    assert pool.size == 1
    pool.maintain()
    assert (pool.size, pool.idle, pool.in_use) == (3, 2, 1)
    pool.release(conn)
    pool.maintain()
    assert pool.size == 3


@kata("idle", "clock")
def test_maintain_never_opens_beyond_max_size(clock: FakeClock) -> None:
    """Refilling min_idle stops at max_size connections in total, checked-out ones included."""
    pool, factory = make(max_size=3, min_idle=2, clock=clock)
    held = [pool.acquire(timeout=0), pool.acquire(timeout=0)]
    pool.maintain()
    assert (pool.size, pool.idle, pool.in_use) == (3, 1, 2)
    held.append(pool.acquire(timeout=0))
    pool.maintain()
    assert (pool.size, pool.idle, pool.in_use, len(factory.made)) == (3, 0, 3, 3)


@kata("idle", "clock")
def test_an_idle_connection_whose_close_raises_is_still_evicted(clock: FakeClock) -> None:
    """maintain() evicts an idle connection even if closing it raises, and carries on."""
    pool, _ = make(max_size=3, idle_timeout=10.0, clock=clock)
    conns = [pool.acquire() for _ in range(2)]
    for conn in conns:
        conn.close_fails = True
        pool.release(conn)
    clock.advance(10)
    pool.maintain()
    assert all(conn.closed for conn in conns)
    assert (pool.size, pool.idle) == (0, 0)


@kata("idle", "clock")
def test_spare_connections_age_out_under_light_load(clock: FakeClock) -> None:
    """LIFO reuse: one caller at a time keeps one connection busy, and the spares age out."""
    pool, _ = make(max_size=3, idle_timeout=10.0, clock=clock)
    conns = [pool.acquire() for _ in range(3)]
    for conn in conns:
        pool.release(conn)
    for _ in range(6):
        clock.advance(4)
        with pool.connection():
            pass
        pool.maintain()
    assert pool.size == 1
    assert sum(not conn.closed for conn in conns) == 1


@kata("idle", "clock")
def test_a_connection_idle_exactly_idle_timeout_is_evicted(clock: FakeClock) -> None:
    """A connection idle for exactly idle_timeout is evicted by maintain()."""
    pool, _ = make(max_size=2, idle_timeout=10.0, clock=clock)
    conn = pool.acquire()
    pool.release(conn)
    clock.advance(9.5)
    pool.maintain()
    assert pool.idle == 1
    clock.advance(0.5)
    pool.maintain()
    assert (pool.idle, pool.size, conn.closed) == (0, 0, True)


@kata("idle", "perf")
def test_maintain_does_not_slow_with_idle_connections() -> None:
    """maintain() with nothing to evict costs the same with 100 and 10 000 idle connections."""

    def prepare(n: int) -> Callable[[], object]:
        clock = FakeClock()
        pool = solution.ConnectionPool(Factory(), n, idle_timeout=3_600.0, clock=clock)
        conns = [pool.acquire(timeout=0) for _ in range(n)]
        for conn in conns:
            pool.release(conn)

        def batch() -> None:
            for _ in range(20):  # few: an O(n) scan must fail fast, not time out
                clock.advance(1)  # time passes, but no connection reaches idle_timeout
                pool.maintain()

        return batch

    # O(1) measures about 1 in either process. A scan of every idle connection measures about 45
    # in one process, but only 4 to 7 where each call also pays its trip to the solution's process.
    assert growth_ratio(prepare, 100, 10_000) < 2.5


@kata("idle", "clock")
def test_default_clock_is_monotonic(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument idle times follow time.monotonic, not the wall clock."""
    wall, monotonic = system_clocks
    pool, _ = make(max_size=2, idle_timeout=60.0)
    pool.release(pool.acquire())
    wall.advance(3_600)
    pool.maintain()
    assert pool.idle == 1
    monotonic.advance(60)
    pool.maintain()
    assert pool.idle == 0


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_a_herd_of_threads_never_opens_more_than_max_size() -> None:
    """Threads hitting an empty pool of 1 at once open at most 1; counts read meanwhile agree."""
    pool, factory = make(max_size=1)
    lock = threading.Lock()
    holding = {"now": 0, "peak": 0}

    def request(index: int) -> None:
        if index == 3:  # a reader of the counts while the herd runs
            for _ in range(10):
                assert 0 <= pool.in_use <= pool.size <= 1
            return
        with pool.connection(timeout=1.0):
            with lock:
                holding["now"] += 1
                holding["peak"] = max(holding["peak"], holding["now"])
            with lock:
                holding["now"] -= 1

    run_threads(4, request)
    assert len(factory.made) <= 1
    assert holding["peak"] <= 1
    assert (pool.size, pool.in_use) == (len(factory.made), 0)


@kata("thread_safe", "concurrency")
def test_connections_are_opened_in_parallel() -> None:
    """Slow opens happen outside the pool's lock: three threads open three connections at once."""
    factory = Factory()
    together = threading.Barrier(3, timeout=0.5)

    def slow_factory() -> FakeConnection:
        together.wait()
        return factory()

    pool = solution.ConnectionPool(slow_factory, 3)
    conns = run_threads(3, lambda _: pool.acquire(timeout=1.0))
    assert len({id(c) for c in conns}) == 3


@kata("thread_safe", "concurrency")
def test_no_connection_is_handed_to_two_threads() -> None:
    """Under contention every checkout is exclusive: no connection is held by two threads."""
    pool, _ = make(max_size=2)
    lock = threading.Lock()
    holders: dict[int, int] = {}
    clashes: list[int] = []

    def request(index: int) -> None:
        for _ in range(3):
            with pool.connection(timeout=1.0) as conn:
                with lock:
                    if conn.number in holders:
                        clashes.append(conn.number)
                    holders[conn.number] = index
                with lock:
                    del holders[conn.number]

    run_threads(3, request)
    assert clashes == []
    assert (pool.in_use, pool.idle) == (0, pool.size)
