"""Hidden-style tests for the single flight kata.

A leader's computation blocks on an Event until the test has seen every other caller join it
(`callers(key)`), so the outcome never depends on how the threads are scheduled.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from grading.solution import load_solution
from grading.testkit import run_threads
from grading.testkit.markers import kata
from grading.testkit.waiting import Task, scheduled, spawn, wait_until

solution = load_solution("single_flight")


class Boom(Exception):
    pass


class Computation:
    """A fn that counts its calls, signals it has started, and finishes only when released."""

    def __init__(self, result: Any = None, error: BaseException | None = None) -> None:
        self.result = object() if result is None else result
        self.error = error
        self.calls = 0
        self.started = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> Any:
        self.calls += 1
        self.started.set()
        if not self.release.wait(2):
            raise AssertionError("the computation was never released")
        if self.error is not None:
            raise self.error
        return self.result


def never_called() -> object:
    raise AssertionError("a caller that should have joined the call in flight ran its own fn")


def joined(group: Any, key: str, fn: Computation, waiters: int) -> list[Task[Any]]:
    """Start a leader on `fn`, then `waiters` callers that must join it, and return once they all
    have, `fn` still running (the caller releases it). The leader's task first, then the waiters'.
    """
    leader = spawn(lambda: group.do(key, fn), "leader")
    try:
        assert fn.started.wait(1), "the first caller did not run its fn"
        tasks = [spawn(lambda: group.do(key, never_called), f"waiter-{i}") for i in range(waiters)]
        wait_until(lambda: group.callers(key) == waiters + 1, what="every caller to join")
    except BaseException:
        fn.release.set()
        raise
    return [leader, *tasks]


def in_flight(group: Any, key: str, fn: Computation, waiters: int) -> list[Task[Any]]:
    """`joined`, then release `fn` at once."""
    try:
        return joined(group, key, fn, waiters)
    finally:
        fn.release.set()


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_do_returns_what_fn_returns() -> None:
    """do() with no other caller returns fn's result."""
    group = solution.SingleFlight()
    assert group.do("k", lambda: 42) == 42


@kata("core", "example")
def test_sequential_calls_each_run_fn() -> None:
    """Once a call is over, the next call for the same key runs its fn again: nothing is cached."""
    group = solution.SingleFlight()
    assert [group.do("k", lambda i=i: i) for i in range(3)] == [0, 1, 2]


@kata("core", "edge")
def test_no_callers_when_nothing_is_in_flight() -> None:
    """callers() is 0 for a key never called and for a key whose call has finished."""
    group = solution.SingleFlight()
    assert group.callers("k") == 0
    group.do("k", lambda: 1)
    assert group.callers("k") == 0


@kata("core", "edge")
def test_keys_are_told_apart() -> None:
    """Calls for different keys each get their own fn's result."""
    group = solution.SingleFlight()
    assert (group.do("a", lambda: "A"), group.do("b", lambda: "B")) == ("A", "B")
    assert group.do(("a", 1), lambda: "tuple key") == "tuple key"


@kata("core", "edge")
def test_none_is_a_result_like_any_other() -> None:
    """A fn returning None (or another falsy value) gives that value; it is not a miss."""
    group = solution.SingleFlight()
    calls: list[int] = []
    assert group.do("k", lambda: calls.append(1)) is None
    assert group.do("k", lambda: 0) == 0
    assert calls == [1]


@kata("core", "failure")
def test_an_exception_reaches_the_caller_and_is_not_kept() -> None:
    """fn's exception reaches the caller, and the next call for the key runs fn again."""
    group = solution.SingleFlight()

    def fail() -> int:
        raise Boom("store down")

    with pytest.raises(Boom):
        group.do("k", fail)
    assert group.do("k", lambda: 7) == 7
    assert group.callers("k") == 0


# --- coalesce -------------------------------------------------------------------------------


@kata("coalesce", "concurrency")
@scheduled
def test_concurrent_callers_share_one_call() -> None:
    """Callers arriving while a call is in flight get its result without running their own fn."""
    group = solution.SingleFlight()
    fn = Computation()
    tasks = in_flight(group, "k", fn, waiters=7)
    results = [task.result() for task in tasks]
    assert fn.calls == 1
    assert all(result is fn.result for result in results)


@kata("coalesce", "concurrency")
@scheduled
def test_waiters_keep_waiting_while_their_call_runs() -> None:
    """Waiters stay blocked until their own call ends, however long it runs, whatever else ends."""
    group = solution.SingleFlight()
    fn = Computation()
    leader, *waiters = joined(group, "k", fn, waiters=2)
    try:
        for i in range(3):
            # Other keys' calls end meanwhile: their wake-ups are not for these waiters.
            assert group.do(("other", i), lambda: "other") == "other"
            assert not leader.finished(0.1)  # fn is still blocked: a pause for waiters to give up
            assert not any(task.finished(0) for task in waiters), "a waiter returned early"
    finally:
        fn.release.set()
    assert all(task.result() is fn.result for task in [leader, *waiters])


@kata("coalesce", "concurrency")
@scheduled
def test_callers_counts_the_callers_sharing_a_call() -> None:
    """callers() counts the leader and each waiter while the call is in flight, then drops to 0."""
    group = solution.SingleFlight()
    fn = Computation()
    leader = spawn(lambda: group.do("k", fn))
    try:
        assert fn.started.wait(1)
        assert group.callers("k") == 1
        waiter = spawn(lambda: group.do("k", never_called))
        wait_until(lambda: group.callers("k") == 2, what="the waiter to join")
        assert group.callers("other") == 0
    finally:
        fn.release.set()
    assert leader.result() is waiter.result() is fn.result
    assert group.callers("k") == 0


@kata("coalesce", "concurrency")
@scheduled
def test_different_keys_run_in_parallel() -> None:
    """A call for one key runs while a call for another key is still in flight."""
    group = solution.SingleFlight()
    other_done = threading.Event()

    def slow() -> bool:
        return other_done.wait(1)  # True only if the other key's call ran meanwhile

    slow_started = threading.Event()
    first = spawn(lambda: group.do("a", lambda: slow_started.set() or slow()))
    assert slow_started.wait(1)
    second = spawn(lambda: group.do("b", lambda: other_done.set() or "b"))
    assert second.result(1.5) == "b"
    assert first.result(1.5) is True, "the call for key b waited for the call for key a"


@kata("coalesce", "concurrency")
def test_simultaneous_first_callers_elect_one_leader() -> None:
    """4 callers arriving at once for a new key run fn once and all get the same object."""
    group = solution.SingleFlight()
    calls: list[int] = []
    result = object()

    def fn() -> object:
        calls.append(1)
        wait_until(lambda: group.callers("k") == 4, what="all 4 callers to join one call")
        return result

    results = run_threads(4, lambda _: group.do("k", fn), timeout=1.5)
    assert len(calls) == 1
    assert all(r is result for r in results)


@kata("coalesce", "concurrency")
def test_callers_are_grouped_by_key() -> None:
    """4 simultaneous callers over 2 keys run each fn once; each caller gets its own key's value."""
    group = solution.SingleFlight()
    calls: dict[str, int] = {"even": 0, "odd": 0}
    lock = threading.Lock()

    def fn_for(key: str) -> Callable[[], str]:
        def fn() -> str:
            with lock:
                calls[key] += 1
            wait_until(lambda: group.callers(key) == 2, what=f"2 callers to join {key}")
            return key

        return fn

    def caller(i: int) -> str:
        key = "odd" if i % 2 else "even"
        result: str = group.do(key, fn_for(key))
        return result

    results = run_threads(4, caller, timeout=1.5)
    assert results == ["even", "odd"] * 2
    assert calls == {"even": 1, "odd": 1}


@kata("coalesce", "concurrency")
def test_callers_can_be_read_while_calls_come_and_go() -> None:
    """callers() answers a count between 0 and the callers there are, while calls start and end."""
    group = solution.SingleFlight()
    writers_done: list[int] = []

    def work(i: int) -> None:
        if i < 2:
            try:
                for j in range(8):
                    assert group.do("k", lambda j=j: ("value", j))[0] == "value"
            finally:
                writers_done.append(i)
            return
        while len(writers_done) < 2:  # two readers racing the joins and the removals
            assert 0 <= group.callers("k") <= 2

    run_threads(4, work)
    assert group.callers("k") == 0


@kata("coalesce", "concurrency")
def test_a_caller_never_gets_an_outcome_twice() -> None:
    """A caller calling again after its call returned gets a fresh call's result, not the old."""
    group = solution.SingleFlight()

    def work(_: int) -> list[object]:
        return [group.do("k", object) for _ in range(3)]

    for results in run_threads(3, work):
        assert len({id(r) for r in results}) == 3


@kata("coalesce", "concurrency")
@scheduled
def test_a_caller_after_the_flight_starts_a_new_one() -> None:
    """A caller arriving after the shared call finished runs its own fn, not the old result."""
    group = solution.SingleFlight()
    fn = Computation(result="old")
    for task in in_flight(group, "k", fn, waiters=3):
        assert task.result() == "old"
    assert spawn(lambda: group.do("k", lambda: "new")).result() == "new"


# --- errors ---------------------------------------------------------------------------------


@kata("errors", "failure")
@scheduled
def test_an_exception_reaches_every_waiter() -> None:
    """When the shared call raises, the leader and every waiter get the exception."""
    group = solution.SingleFlight()
    fn = Computation(error=Boom("store down"))
    tasks = in_flight(group, "k", fn, waiters=5)
    for task in tasks:
        with pytest.raises(Boom):
            task.result()
    assert fn.calls == 1


@kata("errors", "failure")
@scheduled
def test_waiters_wake_when_the_call_fails() -> None:
    """Waiters on a call that raises return promptly instead of waiting forever."""
    group = solution.SingleFlight()
    fn = Computation(error=Boom("store down"))
    tasks = in_flight(group, "k", fn, waiters=3)
    assert all(task.finished(1.0) for task in tasks), "a waiter was never woken"


@kata("errors", "failure")
@scheduled
def test_a_shared_failure_is_not_cached() -> None:
    """After a shared call failed, the next call for the key runs its fn and can succeed."""
    group = solution.SingleFlight()
    fn = Computation(error=Boom("store down"))
    for task in in_flight(group, "k", fn, waiters=3):
        task.finished(1.0)
    assert group.callers("k") == 0
    assert group.do("k", lambda: "recovered") == "recovered"


@kata("errors", "failure")
@scheduled
def test_a_failure_on_one_key_leaves_other_keys_alone() -> None:
    """A call failing for one key does not fail a call in flight for another key."""
    group = solution.SingleFlight()
    ok = Computation(result="fine")
    healthy = spawn(lambda: group.do("ok", ok))
    try:
        assert ok.started.wait(1)

        def fail() -> None:
            raise Boom("bad key")

        with pytest.raises(Boom):
            group.do("bad", fail)
    finally:
        ok.release.set()
    assert healthy.result() == "fine"
