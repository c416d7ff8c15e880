"""The thread scheduler behind concurrency tests: races found every run, correct code never fails,
waits cost no real time, deadlocks are reported, and the same seed gives the same interleaving."""

from __future__ import annotations

import _thread
import hashlib
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from grading.testkit import scheduler
from grading.testkit.scheduler import Deadlock, exploration, run_scheduled

scheduler.install()
SEEDS = range(6)


class Counter:
    def __init__(self, locked: bool) -> None:
        self.value = 0
        self._lock = threading.Lock() if locked else None

    def bump(self) -> None:
        if self._lock is None:
            self.value += 1  # one line: the race is between the read and the store
            return
        with self._lock:
            self.value += 1


def run(seed: int, count: int, target, backstop: float = 30.0):  # type: ignore[no-untyped-def]
    exploration.seed = seed
    return run_scheduled(count, target, backstop)


def lost_updates(seed: int, locked: bool) -> int:
    counter = Counter(locked)
    run(seed, 4, lambda _: [counter.bump() for _ in range(5)])
    return 20 - counter.value


def test_an_unlocked_increment_loses_updates_on_some_schedule_every_time() -> None:
    found = [lost_updates(seed, locked=False) for seed in SEEDS]
    assert any(found), "no schedule split the read from the write"
    assert found == [lost_updates(seed, locked=False) for seed in SEEDS], "not reproducible"


def test_a_locked_increment_never_loses_an_update() -> None:
    assert [lost_updates(seed, locked=True) for seed in SEEDS] == [0] * len(SEEDS)


def last_interleaving() -> list[tuple[int, int]]:
    """Which thread ran which line, step by step, in the last scenario."""
    assert exploration.last is not None
    return [(step.thread, step.lineno) for step in exploration.last.trace]


def test_the_same_seed_gives_the_same_interleaving() -> None:
    def trace(seed: int) -> list[tuple[int, int]]:
        counter = Counter(locked=True)
        run(seed, 3, lambda _: [counter.bump() for _ in range(3)])
        return last_interleaving()

    for seed in SEEDS:
        assert trace(seed) == trace(seed)


def test_opposite_lock_order_is_reported_as_a_deadlock_at_once() -> None:
    first, second = threading.Lock(), threading.Lock()

    def worker(index: int) -> None:
        a, b = (first, second) if index == 0 else (second, first)
        with a, b:
            pass

    started = time.monotonic()
    with pytest.raises(Deadlock, match="deadlock"):
        run(0, 2, worker)
    assert time.monotonic() - started < 5


def test_timed_waits_take_no_real_time() -> None:
    event = threading.Event()
    started = time.monotonic()
    assert run(0, 2, lambda _: event.wait(30)) == [False, False]
    assert time.monotonic() - started < 5


def handover_by_condition(seed: int) -> list[int | None]:
    items: list[int] = []
    ready = threading.Condition()

    def worker(index: int) -> int | None:
        if index == 0:
            for item in range(3):
                with ready:
                    items.append(item)
                    ready.notify()
            return None
        with ready:
            ready.wait_for(lambda: len(items) == 3, timeout=10)
            return len(items)

    return run(seed, 2, worker)


def test_a_condition_with_a_predicate_loop_hands_over_every_item() -> None:
    assert [handover_by_condition(seed) for seed in SEEDS] == [[None, 3]] * len(SEEDS)


def handover_by_queue(seed: int) -> list[int]:
    import queue

    channel: queue.Queue[int] = queue.Queue(maxsize=1)

    def worker(index: int) -> list[int]:
        if index == 0:
            for item in range(4):
                channel.put(item)
            return []
        return [channel.get(timeout=10) for _ in range(4)]

    return run(seed, 2, worker)[1]


def test_a_queue_between_threads_delivers_everything() -> None:
    assert [handover_by_queue(seed) for seed in SEEDS] == [[0, 1, 2, 3]] * len(SEEDS)


def increments_in_sqlite(seed: int, path: Path) -> None:
    connections = [
        sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
        for _ in range(3)
    ]

    def bump(index: int) -> None:
        connection = connections[index]
        connection.execute("BEGIN IMMEDIATE")
        (n,) = connection.execute("SELECT n FROM counter").fetchone()
        connection.execute("UPDATE counter SET n = ?", (n + 1,))
        connection.execute("COMMIT")

    run(seed, 3, bump)


def test_sqlite_writers_wait_for_each_other_instead_of_failing(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE counter (n INTEGER)")
    setup.execute("INSERT INTO counter VALUES (0)")
    setup.commit()
    setup.close()
    for seed in SEEDS:
        increments_in_sqlite(seed, path)
    (total,) = sqlite3.connect(path).execute("SELECT n FROM counter").fetchone()
    assert total == 3 * len(SEEDS)


def test_sqlite_without_a_busy_timeout_fails_when_writers_meet(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (n INTEGER)").connection.commit()
    connections = [
        sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        for _ in range(2)
    ]

    def write(index: int) -> None:
        connection = connections[index]
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO t VALUES (1)")
        connection.execute("COMMIT")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        run(0, 2, write)


def test_a_failing_schedule_can_be_shown() -> None:
    counter = Counter(locked=False)
    run(0, 2, lambda _: [counter.bump() for _ in range(2)])
    assert exploration.last is not None
    text = exploration.last.describe()
    assert "thread 0:" in text and "thread 1:" in text and "self.value += 1" in text


@pytest.fixture
def stall_at_once(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A pause of a few ms in code the scheduler cannot see, using no CPU, counts as a stall:
    the fallback runs often."""
    monkeypatch.setattr(scheduler, "STALL_SECONDS", 0.002)
    monkeypatch.setattr(scheduler, "POLL_SECONDS", 0.001)
    # As STALL_SECONDS is to the default 5 ms: a thread waiting for the interpreter lock wakes
    # (uses CPU or is queued for a CPU) several times before a stall could be declared.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0002)
    yield
    sys.setswitchinterval(interval)


@pytest.fixture
def cpu_time_unknown(monkeypatch: pytest.MonkeyPatch) -> None:
    """As where the OS does not give a thread's CPU time: even a pause that computes stalls.

    Only for tests that want stalls: blind to CPU time, the fallback also takes a thread that
    waits for the interpreter lock (asleep in the kernel while another thread, preempted on a busy
    machine, holds it) for one that waits on something unseen.
    """
    monkeypatch.setattr(scheduler.Scheduler, "_cpu_of_current", lambda self: None)


def work_through_stalls(seed: int) -> tuple[list[int], dict[str, int], list[int], int]:
    unseen = _thread.allocate_lock()  # as a C library's lock: the scheduler cannot see it
    seen = threading.Lock()
    totals = {"unseen": 0, "seen": 0}
    channel: queue.Queue[int] = queue.Queue()

    def bump_both(_: int = 0) -> None:
        with unseen:
            value = totals["unseen"]
            time.sleep(0.003)  # a pause with no scheduling point: the turn moves on meanwhile
            totals["unseen"] = value + 1
        with seen:
            totals["seen"] += 1

    def worker(index: int) -> int:
        for _ in range(3):
            bump_both()
        run_scheduled(2, bump_both, 30.0)  # threads started from a managed thread join it
        channel.put(index)
        return index

    results = run(seed, 3, worker)
    assert exploration.last is not None
    return results, totals, sorted(channel.queue), exploration.last.stalls


@pytest.mark.usefixtures("stall_at_once", "cpu_time_unknown")
def test_correct_code_stays_correct_when_threads_stall_in_code_the_scheduler_cannot_see() -> None:
    for seed in SEEDS:
        results, totals, delivered, stalls = work_through_stalls(seed)
        assert results == [0, 1, 2] and delivered == [0, 1, 2], f"schedule {seed}"
        assert totals == {"unseen": 15, "seen": 15}, f"schedule {seed}: {totals}"
        assert stalls > 0, f"schedule {seed} never stalled: the fallback went untested"


QUEUED_FOR_A_CPU: set[int] = set()  # threads pausing in trace_with_pauses


def trace_with_pauses(seed: int, pause: float) -> tuple[list[tuple[int, int]], int]:
    """Threads that pause `pause` s in code the scheduler cannot see, queued for a CPU meanwhile."""
    counter = Counter(locked=True)

    def worker(_: int) -> None:
        for _ in range(3):
            counter.bump()
            QUEUED_FOR_A_CPU.add(threading.get_native_id())
            time.sleep(pause)
            QUEUED_FOR_A_CPU.discard(threading.get_native_id())

    run(seed, 3, worker)
    assert exploration.last is not None and counter.value == 9
    return last_interleaving(), exploration.last.stalls


@pytest.mark.usefixtures("stall_at_once")
def test_a_thread_the_machine_gives_no_cpu_is_not_mistaken_for_a_stall(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quick = [trace_with_pauses(seed, 0.0) for seed in SEEDS]
    assert sum(stalls for _, stalls in quick) == 0
    # As on a busy machine: through every pause the kernel has the thread queued for a CPU.
    monkeypatch.setattr(
        scheduler, "runnable", lambda native_id, process="self": native_id in QUEUED_FOR_A_CPU
    )
    assert [trace_with_pauses(seed, 0.01) for seed in SEEDS] == quick


@pytest.mark.usefixtures("stall_at_once")
def test_a_thread_waiting_on_another_thread_of_its_process_that_runs_is_not_stalled() -> None:
    quick = [trace_with_pauses(seed, 0.0) for seed in SEEDS]
    # As a thread waits for the interpreter lock that another thread, preempted on a busy
    # machine, holds: asleep, while that thread is queued for a CPU. pbkdf2 computes in C without
    # the interpreter lock, so the thread runs or is queued throughout.
    done = threading.Event()

    def compute() -> None:
        while not done.is_set():
            hashlib.pbkdf2_hmac("sha256", b"k", b"salt", 20_000)

    busy = threading.Thread(target=compute, daemon=True)
    busy.start()
    try:
        assert [trace_with_pauses(seed, 0.01) for seed in SEEDS] == quick
    finally:
        done.set()
        busy.join()


def test_the_kernel_tells_a_computing_thread_from_a_sleeping_one() -> None:
    def state_seen(work: Callable[[], object], wanted: bool) -> bool:
        ids: list[int] = []

        def run() -> None:
            ids.append(threading.get_native_id())
            work()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10.0
        while time.monotonic() < deadline:
            if ids and scheduler.runnable(ids[0]) == wanted:
                return True
            time.sleep(0.001)
        return False

    # pbkdf2 computes for a long while in C with the GIL released: running or queued to run.
    assert state_seen(lambda: hashlib.pbkdf2_hmac("sha256", b"k", b"salt", 2_000_000), True)
    blocked = _thread.allocate_lock()
    blocked.acquire()
    assert state_seen(blocked.acquire, False)
    blocked.release()
    assert scheduler.runnable(None) is False


@pytest.mark.usefixtures("stall_at_once")
def test_threads_the_machine_is_slow_to_wake_are_not_mistaken_for_stalls(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As on a busy machine: the turn is given, the OS runs the thread a while later. Compiled
    # under a name the scheduler does not trace, like its own code: no scheduling point in here.
    source = "def slow_to_wake(self, me):\n    time.sleep(0.003)\n    wait_turn(self, me)\n"
    namespace = {"time": time, "wait_turn": scheduler.Scheduler._wait_turn}
    exec(compile(source, "<slow to wake>", "exec"), namespace)
    slow_to_wake = namespace["slow_to_wake"]

    monkeypatch.setattr(scheduler.Scheduler, "_wait_turn", slow_to_wake)
    for seed in SEEDS:
        assert lost_updates(seed, locked=True) == 0, f"schedule {seed}"
        assert handover_by_queue(seed) == [0, 1, 2, 3], f"schedule {seed}"
        assert handover_by_condition(seed) == [None, 3], f"schedule {seed}"


def trace_with_a_thread_started_midway(seed: int) -> list[tuple[int, int]]:
    counter = Counter(locked=True)

    def worker(index: int) -> None:
        if index == 0:
            run_scheduled(2, lambda _: counter.bump(), 30.0)  # joins this scenario
        for _ in range(3):
            counter.bump()

    run(seed, 3, worker)
    assert counter.value == 11
    return last_interleaving()


def test_how_fast_the_os_starts_a_thread_never_changes_the_interleaving(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quick = [trace_with_a_thread_started_midway(seed) for seed in SEEDS]
    # As on a busy machine: a new thread reaches the scheduler late. Not traced (see above).
    source = (
        "def slow_start(self, me, target):\n    time.sleep(0.01)\n    run_as(self, me, target)\n"
    )
    namespace = {"time": time, "run_as": scheduler.Scheduler.run_as}
    exec(compile(source, "<slow start>", "exec"), namespace)
    monkeypatch.setattr(scheduler.Scheduler, "run_as", namespace["slow_start"])
    assert [trace_with_a_thread_started_midway(seed) for seed in SEEDS] == quick


def test_a_thread_that_starts_while_its_starter_waits_is_never_missed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`Thread.start` waits for the new thread, which leaves `_limbo` once it runs: a look at the
    running threads, then at limbo, could miss it in between and call the wait a deadlock."""
    starting = threading.Thread(target=lambda: None)
    monkeypatch.setitem(threading._limbo, starting, starting)  # type: ignore[attr-defined]
    frames = sys._current_frames

    def frames_then_leave_limbo() -> dict[int, object]:
        mine = {k: v for k, v in frames().items() if k == threading.get_ident()}
        threading._limbo.pop(starting, None)  # type: ignore[attr-defined]
        return mine  # taken before it ran: no frame of its own yet

    monkeypatch.setattr(sys, "_current_frames", frames_then_leave_limbo)
    scheduler._refuse_to_wait_alone()  # not alone: raises WaitsAlone if it missed the thread


# Run alone, in a process with no other thread (a test worker has threads of its own).
LONE_WAITS = """
import threading, time
from grading.testkit import scheduler
scheduler.install()
lock = threading.Lock()

def handed_over():  # another thread will release it: a wait, not a deadlock
    lock.acquire()
    threading.Thread(target=lambda: (time.sleep(0.2), lock.release())).start()
    lock.acquire()
    lock.release()

def refused(wait):
    try:
        wait()
    except scheduler.WaitsAlone:
        return "refused"
    return "returned"

handed_over()
print(refused(lambda: (lock.acquire(), lock.acquire())), end=" ")
lock.release()
condition = threading.Condition()
condition.acquire()
print(refused(condition.wait), end=" ")
print(refused(lambda: threading.Event().wait()))
"""


def test_a_lone_thread_that_waits_for_nothing_is_told_at_once_not_after_the_backstop() -> None:
    """A lock taken twice, or a wait nobody can end, with no other thread: a deadlock at once."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", LONE_WAITS], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.stdout == "refused refused refused\n", done.stderr
    assert time.monotonic() - started < 30, "the waits ended at a backstop, not at once"


@pytest.mark.usefixtures("stall_at_once")
def test_a_thread_waiting_on_another_process_that_computes_is_not_stalled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    quick = [trace_with_pauses(seed, 0.0) for seed in SEEDS]
    # As a test thread waits on its thread in the grading worker: asleep here, while the worker's
    # thread computes or is queued for a CPU.
    monkeypatch.setattr(scheduler, "progress_elsewhere", [lambda: bool(QUEUED_FOR_A_CPU)])
    assert [trace_with_pauses(seed, 0.01) for seed in SEEDS] == quick
