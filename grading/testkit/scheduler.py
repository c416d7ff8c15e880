"""A deterministic scheduler for the threads of a concurrency test.

Exactly one managed thread runs at a time. It gives up its turn only at scheduling points, and
the scheduler alone picks who runs next, from a seeded strategy:

- before every line of solution code, and before every store to shared state (an attribute, an
  item, a global, a closure cell), so `self.count += 1` can be split between its read and its write;
- at every operation on a lock, condition, event, semaphore, barrier or queue, and at every SQLite
  statement: `install()` makes these cooperative, so a thread that would block instead hands its
  turn to a thread that can run, and waits with a timeout take no real time (when every thread is
  waiting, the earliest timeout fires at once).

The same seed gives the same interleaving on any machine at any load, so a verdict is the same on
every run, and the interleaving of a failure can be printed. When every thread waits for another
and no timeout can fire, the test fails with a deadlock report instead of hanging.

Blocking calls the scheduler cannot see (a lock made before `install()`, a C library waiting on a
file lock) are noticed as a stall: no scheduling point for `STALL_SECONDS`, no CPU time used, the
thread asleep in the kernel and no other thread of the process (or of the grading worker) queued
for a CPU (on a busy machine a thread the OS has not given a CPU, or one waiting for the
interpreter lock that such a thread holds, is not stalled); another thread then gets the turn, so
such code still runs, only without a fixed interleaving.
"""

from __future__ import annotations

import _thread
import dis
import functools
import linecache
import os
import random
import sys
import sysconfig
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any, TypeVar

T = TypeVar("T")

_allocate_real_lock = _thread.allocate_lock
_real_monotonic = time.monotonic
_get_ident = _thread.get_ident

# Far longer than the interpreter's switch interval (5 ms): a thread waiting for the interpreter
# lock wakes at least that often, so it uses CPU or is queued for a CPU, never taken for a stall.
STALL_SECONDS = 1.0
# How often the test's thread looks for a stall.
POLL_SECONDS = 0.05
MAX_STEPS = 200_000
# Virtual time a scheduling point takes: a 5 ms timeout runs out while other threads take 50
# steps, a 5 s one never does in a small scenario.
STEP_SECONDS = 1e-4
TRACE_KEPT = 400

_STORE_OPCODES = frozenset(
    dis.opmap[name]
    for name in (
        "STORE_ATTR",
        "DELETE_ATTR",
        "STORE_SUBSCR",
        "DELETE_SUBSCR",
        "STORE_GLOBAL",
        "DELETE_GLOBAL",
        "STORE_DEREF",
    )
)
_LIBRARY_DIRS = tuple(
    {sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {str(Path(__file__).parent.parent)}
)


def is_solution_code(filename: str) -> bool:
    """Solution and test code: not the standard library, installed packages or the kit."""
    return not filename.startswith(_LIBRARY_DIRS) and not filename.startswith("<")


class ScheduleAborted(BaseException):
    """Raised in managed threads when the scenario is over (deadlock, time limit)."""


class Deadlock(AssertionError):
    """Every thread waits for another one and nothing can wake them."""


class WaitsAlone(BaseException):
    """The process's only thread waits, with no timeout, for a lock that nothing can release.

    A BaseException, so a solution's `except Exception` cannot turn it into a result.
    """


class ScheduleTooLong(AssertionError):
    """The threads took more steps than any correct solution needs: a loop that never ends."""


@dataclass
class _Managed:
    index: int
    baton: Any = field(default_factory=_allocate_real_lock)
    # starting (an OS thread not yet at its first turn), runnable, blocked, stalled, done
    state: str = "runnable"
    ready: Callable[[], bool] | None = None
    deadline: float | None = None
    waits_for: str = ""
    timed_out: bool = False
    stalled: bool = False  # ran on without a turn while the scheduler could not see it
    parked: bool = False  # waiting for its turn on `baton`
    starting_thread: bool = False  # holds the turn while the OS starts a thread it made
    native_id: int | None = None  # the kernel's id of its OS thread, once it runs
    arrived: Any = field(default_factory=_allocate_real_lock)  # released once in `run_as`

    def __post_init__(self) -> None:
        self.baton.acquire()  # held: the thread waits on it until given a turn
        self.arrived.acquire()


class _Critical:
    """The scheduler's own lock, remembering which thread holds it.

    Garbage collection can run a finalizer at any allocation, also while the scheduler holds this
    lock; primitives that finalizer touches must then act plainly instead of re-entering.
    """

    __slots__ = ("_lock", "holder")

    def __init__(self) -> None:
        self._lock = _allocate_real_lock()
        self.holder: int | None = None

    def __enter__(self) -> None:
        self._lock.acquire()
        self.holder = _get_ident()

    def __exit__(self, *exc: object) -> None:
        self.holder = None
        self._lock.release()


@dataclass(frozen=True)
class Step:
    thread: int
    filename: str
    lineno: int
    what: str


class Scheduler:
    """One scenario's threads and whose turn it is."""

    def __init__(self, count: int, seed: int, close_with_first: bool = False) -> None:
        self.seed = seed
        self.threads = [_Managed(i) for i in range(count)]
        # A test body run as thread 0: the scenario ends with it, whatever it left running.
        self.close_with_first = close_with_first
        self._meta = _Critical()
        self._rng = random.Random(seed)
        # Seed 0 switches at every point (lockstep); others switch with a seeded probability.
        self._switch_p = 1.0 if seed == 0 else (0.5, 0.15, 0.85, 0.3, 0.05)[seed % 5]
        self.current: int | None = None
        self.steps = 0
        self.stalls = 0  # times the turn moved on from a thread stuck in code it cannot see
        self.moves = 0  # steps and finished threads: what a busy-retry waits for
        self._virtual = 0.0
        self._base = _real_monotonic()
        self.trace: deque[Step] = deque(maxlen=TRACE_KEPT)
        self.failure: BaseException | None = None
        self.aborted = False
        self.started = False
        self._finished = _allocate_real_lock()
        self._finished.acquire()

    # -- time ------------------------------------------------------------------------------------

    def now(self) -> float:
        return self._base + self._virtual

    # -- choosing -------------------------------------------------------------------------------

    def _candidates(self) -> list[int]:
        found = []
        now = self.now()
        for t in self.threads:
            if t.state == "blocked" and t.ready is not None and t.ready():
                t.state, t.ready, t.deadline = "runnable", None, None
            elif t.state == "blocked" and t.deadline is not None and t.deadline <= now:
                t.state, t.ready, t.deadline, t.timed_out = "runnable", None, None, True
            if t.state == "runnable":
                found.append(t.index)
        return found

    def _choose(self, me: int | None) -> int | None:
        """Who runs next; None when nobody can until a stalled thread moves."""
        candidates = self._candidates()
        if not candidates:
            if any(t.state in ("stalled", "starting") for t in self.threads):
                return None
            timed = [t for t in self.threads if t.state == "blocked" and t.deadline is not None]
            if not timed:
                if all(t.state == "done" for t in self.threads):
                    return None
                self._fail(Deadlock(self._deadlock_report()))
                return None
            first = min(timed, key=lambda t: (t.deadline, t.index))
            self._virtual = max(self._virtual, (first.deadline or 0.0) - self._base)
            first.state, first.ready, first.deadline, first.timed_out = "runnable", None, None, True
            candidates = [first.index]
        if me in candidates and self._switch_p < 1.0 and self._rng.random() >= self._switch_p:
            return me
        if self.seed == 0:
            later = [c for c in candidates if me is None or c > me]
            return (later or candidates)[0]
        return self._rng.choice(candidates)

    def _give_turn(self, index: int | None) -> None:
        self.current = index
        if index is not None and self.threads[index].baton.locked():
            self.threads[index].baton.release()

    def _rejoin(self, thread: _Managed) -> bool:
        """A stalled thread is back at a scheduling point: True if it got the turn meanwhile."""
        thread.stalled, thread.state = False, "runnable"
        if self.current != thread.index:
            return False
        thread.baton.acquire(False)  # the turn it was given while away: released, so no wait
        return True

    def _fail(self, failure: BaseException) -> None:
        if self.failure is None:
            self.failure = failure
        self._end()

    def _end(self) -> None:
        """The scenario is over: every thread still in it stops at its next step."""
        self.aborted = True
        for t in self.threads:
            if t.state != "done" and t.baton.locked():
                t.baton.release()
        if self._finished.locked():
            self._finished.release()

    def _deadlock_report(self) -> str:
        waiting = ", ".join(
            f"thread {t.index} waits for {t.waits_for}"
            for t in self.threads
            if t.state == "blocked"
        )
        return f"deadlock: every thread waits and nothing can wake them ({waiting})"

    # -- what managed threads call ------------------------------------------------------------

    def _wait_turn(self, me: int) -> None:
        thread = self.threads[me]
        thread.parked = True
        thread.baton.acquire()
        thread.parked = False
        if self.aborted:
            raise ScheduleAborted

    def point(self, me: int, filename: str, lineno: int, what: str) -> None:
        """A place where the thread may be switched out."""
        with self._meta:
            if self.aborted:
                raise ScheduleAborted
            self.steps += 1
            self.moves += 1
            self._virtual += STEP_SECONDS
            self.trace.append(Step(me, filename, lineno, what))
            if self.steps > MAX_STEPS:
                self._fail(ScheduleTooLong(f"the threads ran {MAX_STEPS} steps without finishing"))
                raise ScheduleAborted
            thread = self.threads[me]
            if thread.stalled:
                # Back from code the scheduler could not see: queue up like everyone else.
                if self._rejoin(thread):
                    return
                if self.current is None:
                    self._give_turn(self._choose(None))
                if self.current == me:
                    thread.baton.acquire()  # given just now, so released: no wait
                    return
            else:
                chosen = self._choose(me)
                if chosen == me:
                    return
                self._give_turn(chosen)
        self._wait_turn(me)

    def block(self, me: int, ready: Callable[[], bool], timeout: float | None, what: str) -> bool:
        """Wait until `ready()` holds (True) or `timeout` seconds of virtual time pass (False)."""
        with self._meta:
            if self.aborted:
                raise ScheduleAborted
            thread = self.threads[me]
            # A thread back from a stall without the turn queues up even if it could go on.
            has_turn = not thread.stalled or self._rejoin(thread)
            if has_turn and ready():
                return True
            thread.state, thread.ready, thread.waits_for = "blocked", ready, what
            thread.timed_out = False
            thread.deadline = None if timeout is None else self.now() + max(timeout, 0.0)
            if self.current in (me, None):
                self._give_turn(self._choose(me))
            if self.current == me:  # woken at once (a timeout that had already passed)
                thread.baton.acquire()
                return not thread.timed_out
        self._wait_turn(me)
        return not self.threads[me].timed_out

    def adopt(self) -> int:
        """A new managed thread, started by a managed one; it runs once given a turn.

        It gets no turn before its OS thread is ready to take one (`_ManagedThread.start`).
        """
        with self._meta:
            self.threads.append(_Managed(len(self.threads), state="starting"))
            return len(self.threads) - 1

    def thread(
        self, me: int, target: Callable[[], object], name: str | None = None
    ) -> threading.Thread:
        """A daemon OS thread (not started) that runs `target()` as managed thread `me`."""
        return _ManagedThread(self, me, target, name or f"kata-thread-{me}")

    def run_as(self, me: int, target: Callable[[], object]) -> None:
        """Run `target()` on this OS thread as managed thread `me`."""
        _managed[_get_ident()] = (self, me)
        sys.settrace(_tracer)
        try:
            with self._meta:
                thread = self.threads[me]
                thread.native_id = threading.get_native_id()
                if thread.state == "starting":
                    thread.state = "runnable"
                    if self.started and self.current is None and not self.aborted:
                        self._give_turn(self._choose(None))
                thread.arrived.release()
            self._wait_turn(me)
            target()
        except ScheduleAborted:
            pass
        finally:
            sys.settrace(None)
            del _managed[_get_ident()]
            self.finish(me)

    def finish(self, me: int) -> None:
        with self._meta:
            self.threads[me].state = "done"
            self.moves += 1
            if self.aborted:
                return
            if me == 0 and self.close_with_first:
                # Threads the body left behind stop at their next step (daemons, as before).
                self.current = None
                self._end()
                return
            if all(t.state == "done" for t in self.threads):
                self.current = None
                self._finished.release()
                return
            if self.current in (me, None):
                self._give_turn(self._choose(None))

    def inside(self) -> bool:
        """True in the thread that is running the scheduler's own code right now."""
        return self._meta.holder == _get_ident()

    def poke(self) -> None:
        """Something outside the managed threads released a primitive: a waiter may run now."""
        if self.inside():
            return
        with self._meta:
            if self.started and self.current is None and not self.aborted:
                self._give_turn(self._choose(None))

    # -- the test's side ------------------------------------------------------------------------

    def begin(self) -> None:
        with self._meta:
            self.started = True
            self._give_turn(self._choose(None))

    def wait_finished(self, backstop: float) -> None:
        """Wait for every thread; hand the turn on when the running one stalls in unseen code."""
        deadline = _real_monotonic() + backstop
        last, since, computed = -1, _real_monotonic(), -1.0
        while not self._finished.acquire(True, min(POLL_SECONDS, STALL_SECONDS)):
            now = _real_monotonic()
            if now > deadline:
                self.abort(ScheduleTooLong(f"the threads did not finish within {backstop:.0f} s"))
                return
            with self._meta:
                if self.steps != last:
                    last, since = self.steps, now
                    continue
                if now - since < STALL_SECONDS or self.aborted:
                    continue
                holder = None if self.current is None else self.threads[self.current]
                # Read before the CPU time: a thread that used none since the last look cannot
                # have fallen asleep in between, so one seen asleep here slept all along.
                others_busy = holder is not None and (
                    any(probe() for probe in list(progress_elsewhere))
                    or any_runnable(
                        leave_out=frozenset({holder.native_id, threading.get_native_id()})
                    )
                )
                holder_busy = holder is not None and runnable(holder.native_id)
                cpu = self._cpu_of_current()
                if cpu is not None and cpu != computed:
                    # Still computing in code the scheduler cannot see (a C library, a Lua
                    # script): a slow machine, not a wait. Only a thread that makes no progress
                    # at all has stalled.
                    since, computed = now, cpu
                    continue
                since = now
                if holder_busy or others_busy:
                    continue  # runnable but given no CPU by a busy machine, not a stall
                if holder is not None and holder.parked and not holder.baton.locked():
                    continue  # given the turn, not yet woken by the OS: a slow machine, not a stall
                if holder is not None and holder.starting_thread:
                    continue  # waiting for the OS to start a thread: a slow machine, not a stall
                if self.current is not None:
                    stalled = self.threads[self.current]
                    stalled.state, stalled.stalled = "stalled", True
                    self.stalls += 1
                else:
                    for t in self.threads:
                        if t.state == "stalled":
                            t.state = "runnable"
                self._give_turn(self._choose(None))

    def _cpu_of_current(self) -> float | None:
        """CPU seconds the OS thread holding the turn has used; None where that is unknown."""
        owner = next(
            (ident for ident, entry in list(_managed.items()) if entry == (self, self.current)),
            None,
        )
        if owner is None:
            return None
        try:
            return time.clock_gettime(time.pthread_getcpuclockid(owner))
        except (OSError, AttributeError):
            return None

    def abort(self, failure: BaseException) -> None:
        with self._meta:
            self._fail(failure)

    def describe(self, limit: int = 60) -> str:
        """The last switches, one line per run of steps by one thread."""
        runs: list[tuple[int, list[Step]]] = []
        for step in self.trace:
            if runs and runs[-1][0] == step.thread:
                runs[-1][1].append(step)
            else:
                runs.append((step.thread, [step]))
        lines = [f"schedule {self.seed}: the last {min(limit, len(runs))} turns, oldest first"]
        for thread, steps in runs[-limit:]:
            shown = []
            for step in steps:
                if step.what != "line":
                    continue
                code = linecache.getline(step.filename.removesuffix(" (mutant)"), step.lineno)
                shown.append(f"{Path(step.filename).name}:{step.lineno} {code.strip()}")
            text = "; ".join(dict.fromkeys(shown)) or steps[-1].what
            lines.append(f"  thread {thread}: {text}")
        return "\n".join(lines)


class _ManagedThread(threading.Thread):
    def __init__(
        self, scheduler: Scheduler, index: int, target: Callable[[], object], name: str
    ) -> None:
        super().__init__(target=scheduler.run_as, args=(index, target), daemon=True, name=name)
        self._scheduler, self._index = scheduler, index

    def start(self) -> None:
        """Started from a managed thread, return once the new thread has joined the scenario.

        The starting thread keeps its turn and acts as a plain thread meanwhile (`Thread.start`
        waits on an Event the new thread sets): no scheduling decision is taken while the OS starts
        the thread, so how fast it does never changes the interleaving.
        """
        entry = managed()
        if entry is None or entry[0] is not self._scheduler:
            super().start()
            return
        parent = self._scheduler.threads[entry[1]]
        parent.starting_thread = True
        try:
            with plain_thread():
                super().start()
                self._scheduler.threads[self._index].arrived.acquire()
        finally:
            parent.starting_thread = False


def runnable(native_id: int | None, process: int | str = "self") -> bool:
    """True if the kernel has this thread of `process` running or queued to run (state R).

    A thread that used no CPU for a while waits on something only if it sleeps; one that is
    runnable was merely given no CPU (a loaded machine). False where /proc cannot tell.
    """
    if native_id is None:
        return False
    try:
        stat = Path(f"/proc/{process}/task/{native_id}/stat").read_bytes()
    except OSError:
        return False
    # The state follows the command name, which is in parentheses and may hold any character.
    fields = stat[stat.rfind(b")") + 1 :].split()
    return bool(fields) and fields[0] == b"R"


def any_runnable(
    process: int | str = "self", leave_out: frozenset[int | None] = frozenset()
) -> bool:
    """True if a thread of `process`, other than `leave_out`, is running or queued to run.

    Such a thread may hold what the turn's holder waits for (the interpreter lock, or the lock
    that guards it), preempted by a busy machine, or run its call in the grading worker: a wait
    on progress, not a stall.
    """
    try:
        threads = [int(name) for name in os.listdir(f"/proc/{process}/task")]
    except (OSError, ValueError):
        return False
    return any(runnable(thread, process) for thread in threads if thread not in leave_out)


# Processes whose threads run the code of this process's managed threads (the grading worker):
# a thread of theirs running or queued for a CPU counts as the turn holder's. Each probe says
# whether one is.
progress_elsewhere: list[Callable[[], bool]] = []


# -- which thread is managed by which scheduler -----------------------------------------------

_managed: dict[int, tuple[Scheduler, int]] = {}
_active: list[Scheduler] = []
# Managed threads acting as plain ones for a moment (while starting a thread).
_unscheduled: set[int] = set()


@contextmanager
def plain_thread() -> Iterator[None]:
    """This thread acts as a plain thread meanwhile: its waits are real waits and it meets no
    scheduling point. For the tests' own machinery (starting a thread, a server for the solution),
    whose waits end without any other scheduled thread running."""
    ident = _get_ident()
    if ident in _unscheduled:
        yield
        return
    _unscheduled.add(ident)
    try:
        yield
    finally:
        _unscheduled.discard(ident)


def managed() -> tuple[Scheduler, int] | None:
    """The scheduler and index of this thread, unless unmanaged, acting as a plain thread for a
    moment, or inside the scheduler itself."""
    ident = _get_ident()
    entry = _managed.get(ident)
    return None if entry is None or ident in _unscheduled or entry[0].inside() else entry


def _tracer(frame: FrameType, event: str, arg: Any) -> Any:
    if not is_solution_code(frame.f_code.co_filename):
        return None
    frame.f_trace_opcodes = True
    return _local_tracer(frame, event, arg)


def _local_tracer(frame: FrameType, event: str, arg: Any) -> Any:
    if event == "line":
        what = "line"
    elif event == "opcode" and frame.f_code.co_code[frame.f_lasti] in _STORE_OPCODES:
        what = "store"
    else:
        return _local_tracer
    entry = managed()
    if entry is not None:
        entry[0].point(entry[1], frame.f_code.co_filename, frame.f_lineno, what)
    return _local_tracer


def _point_here(scheduler: Scheduler, index: int, what: str) -> None:
    frame = sys._getframe(2)
    scheduler.point(index, frame.f_code.co_filename, frame.f_lineno, what)


# -- running a scenario -------------------------------------------------------------------------


@dataclass
class Exploration:
    """Set by the test plugin: which schedule the next scenario uses, and what it saw."""

    seed: int = 0
    used: bool = False
    last: Scheduler | None = None


exploration = Exploration()


def _outcomes(
    count: int, target: Callable[[int], T]
) -> tuple[list[T | None], list[tuple[int, BaseException]], Callable[[int], None]]:
    """Where `count` threads running `target` leave their results and errors, and their body."""
    results: list[T | None] = [None] * count
    errors: list[tuple[int, BaseException]] = []

    def body(index: int) -> None:
        try:
            results[index] = target(index)
        except ScheduleAborted:
            raise
        except BaseException as exc:
            errors.append((index, exc))

    return results, errors, body


def _raise_first(errors: list[tuple[int, BaseException]]) -> None:
    if errors:
        raise min(errors, key=lambda e: e[0])[1]


def _run_nested(scheduler: Scheduler, me: int, count: int, target: Callable[[int], T]) -> list[T]:
    """From a managed thread: run the threads in the same scenario and wait for them there."""
    results, errors, body = _outcomes(count, target)
    indexes = [scheduler.adopt() for _ in range(count)]
    for i, index in enumerate(indexes):
        scheduler.thread(index, functools.partial(body, i)).start()

    def finished() -> bool:
        return all(scheduler.threads[index].state == "done" for index in indexes)

    scheduler.block(me, finished, None, "the threads it started to finish")
    _raise_first(errors)
    return results  # type: ignore[return-value]


def run_scheduled(
    count: int, target: Callable[[int], T], backstop: float, *, close_with_first: bool = False
) -> list[T]:
    """Run `target(i)` for i in range(count) on managed threads; results in index order.

    Called from a managed thread, the threads join that thread's scenario. With
    `close_with_first`, the scenario ends when thread 0 does (a test body run as thread 0).
    """
    entry = managed()
    if entry is not None:
        return _run_nested(entry[0], entry[1], count, target)
    scheduler = Scheduler(count, exploration.seed, close_with_first)
    exploration.used, exploration.last = True, scheduler
    results, errors, body = _outcomes(count, target)
    threads = [scheduler.thread(i, functools.partial(body, i)) for i in range(count)]
    _active.append(scheduler)
    try:
        for thread in threads:
            thread.start()
        scheduler.begin()
        scheduler.wait_finished(backstop)
    except BaseException as exc:  # the test's own time limit: stop the threads where they are
        scheduler.abort(ScheduleTooLong("stopped by the time limit"))
        raise exc from None
    finally:
        _active.remove(scheduler)
    if scheduler.failure is not None:
        raise scheduler.failure
    _raise_first(errors)
    return results  # type: ignore[return-value]


# -- cooperative primitives ----------------------------------------------------------------------


def _refuse_to_wait_alone() -> None:
    """Fail at once where a wait could only end at the wall-clock backstop, a minute later.

    With no other Python thread in the process, nothing can release the lock: a thread that takes
    a lock it already holds, or a `Condition.wait()` that nobody can notify. A thread being
    started counts (`Thread.start` waits, on such a lock, for it to run); it has no frame yet.
    The starting thread leaves `_limbo` only once it runs, under `_active_limbo_lock`: read
    under that lock, limbo first, it is seen in one place or the other, never in neither.
    """
    with threading._active_limbo_lock:  # type: ignore[attr-defined]
        alone = not threading._limbo and len(sys._current_frames()) == 1  # type: ignore[attr-defined]
    if alone:
        raise WaitsAlone(
            "deadlock: the only thread waits, with no timeout, for a lock nothing can release"
        )


class LockAround:
    """A lock around a real one: what it does the same, however its waits are made."""

    __slots__ = ("__weakref__", "_real")
    _real: Any  # a lock from `_thread.allocate_lock`

    def release(self) -> None:
        raise NotImplementedError

    def locked(self) -> bool:
        return bool(self._real.locked())

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _at_fork_reinit(self) -> None:
        self._real._at_fork_reinit()


class CoopLock(LockAround):
    """`threading.Lock` that hands the turn on instead of blocking, in a managed thread."""

    __slots__ = ()

    def __init__(self) -> None:
        self._real = _allocate_real_lock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not _managed:  # no scenario running: as cheap as it can be (perf tests time this)
            if self._real.acquire(False):
                return True
            if blocking and timeout == -1:
                _refuse_to_wait_alone()
            return bool(self._real.acquire(blocking, timeout))
        entry = managed()
        if entry is None:
            return bool(self._real.acquire(blocking, timeout))
        scheduler, index = entry
        _point_here(scheduler, index, "acquire")
        if self._real.acquire(False):
            return True
        if not blocking:
            return False
        deadline = None if timeout is None or timeout < 0 else scheduler.now() + timeout
        while True:
            left = None if deadline is None else deadline - scheduler.now()
            if not scheduler.block(index, lambda: not self._real.locked(), left, "a lock"):
                return False
            if self._real.acquire(False):
                return True

    def release(self) -> None:
        self._real.release()
        if not _managed:
            return
        entry = managed()
        if entry is None:
            for scheduler in list(_active):
                scheduler.poke()
        else:
            _point_here(entry[0], entry[1], "release")

    __enter__ = acquire

    def __repr__(self) -> str:
        return f"<{'locked' if self.locked() else 'unlocked'} cooperative lock>"


class CoopRLock:
    """`threading.RLock` on a cooperative lock; Condition uses its save/restore hooks."""

    def __init__(self) -> None:
        self._block = CoopLock()
        self._owner: int | None = None
        self._count = 0

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        me = _get_ident()
        if self._owner == me:
            self._count += 1
            return True
        if not self._block.acquire(blocking, timeout):
            return False
        self._owner, self._count = me, 1
        return True

    def release(self) -> None:
        if self._owner != _get_ident():
            raise RuntimeError("cannot release un-acquired lock")
        self._count -= 1
        if not self._count:
            self._owner = None
            self._block.release()

    __enter__ = acquire

    def __exit__(self, *exc: object) -> None:
        self.release()

    def _is_owned(self) -> bool:
        return self._owner == _get_ident()

    def _release_save(self) -> tuple[int, int | None]:
        state = (self._count, self._owner)
        self._count, self._owner = 0, None
        self._block.release()
        return state

    def _acquire_restore(self, state: tuple[int, int | None]) -> None:
        self._block.acquire()
        self._count, self._owner = state

    def _at_fork_reinit(self) -> None:
        self._block._at_fork_reinit()
        self._owner, self._count = None, 0


def _virtual_monotonic() -> float:
    entry = managed()
    return entry[0].now() if entry is not None else _real_monotonic()


def clock() -> float:
    """Seconds for deadlines in test code: the scenario's virtual time in a managed thread."""
    return _virtual_monotonic()


_installed = False


def install() -> None:
    """Make threading's primitives (and so queue's, Event's, Condition's) and sqlite3 cooperative.

    Outside a managed thread everything behaves as before. Call it before solutions are imported:
    a lock made earlier stays a plain lock (it still works, through the stall fallback).
    """
    global _installed
    if _installed:
        return
    import queue

    from grading.testkit import coop_sqlite

    threading.Lock = CoopLock  # type: ignore[assignment]
    threading.RLock = CoopRLock  # type: ignore[assignment]
    threading._allocate_lock = CoopLock  # type: ignore[attr-defined]
    threading._time = _virtual_monotonic  # type: ignore[attr-defined]
    queue.time = _virtual_monotonic  # type: ignore[attr-defined]
    coop_sqlite.install()
    _installed = True
