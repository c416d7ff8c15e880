"""The test process's side: the worker process, and proxies to what lives in it.

`Worker.start()` runs `python -m grading.split.worker` through a launcher (bubblewrap when
grading) and waits for it to import the solution. `RemoteSolution` stands where the solution module
would: it offers the names the stub declares and nothing else. The stub's exceptions and
dataclasses are the stub's own classes here (values of them cross by value); its other classes and
functions are proxies whose calls run in the worker.

What the worker may reach in this process: the objects the tests handed it (arguments), called as
a whole or through a public method of theirs, and their public attributes that hold plain data.
"""

from __future__ import annotations

import _thread
import contextlib
import dataclasses
import gc
import inspect
import itertools
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

from grading.guard import ClaimsEqualityError
from grading.split.channel import Channel, ChannelClosed, Remote
from grading.split.codec import SCALARS, Codec, ProtocolError, Schema, text_of
from grading.split.handed_over import callable_method, declared_methods
from grading.split.ops import OPERATIONS, operation
from grading.testkit.clocks import FakeClock, before_move
from grading.testkit.coop_sqlite import _someone_moved
from grading.testkit.ramdisk import hand_over
from grading.testkit.scheduler import (
    ScheduleAborted,
    _active,
    any_runnable,
    managed,
    progress_elsewhere,
)

ABORT = "abort"
# Modules whose exceptions a solution's errors may arrive as, besides the stub's and built-ins.
LIBRARY_EXCEPTION_MODULES = frozenset({"redis.exceptions", "sqlite3"})
START_SECONDS = 30.0  # for the worker to import the solution: a loop at module level ends it
_REAL_CLOCKS = {name: getattr(time, name) for name in ("time", "monotonic", "perf_counter")}
_real_lock = _thread.allocate_lock
Launcher = Callable[[list[str]], list[str]]
# How the stub declares a method: the parameters shared by reference, and whether it returns
# plain data only.
Shape = tuple[frozenset[int | str], bool]


class SolutionProcessError(Exception):
    """The solution's process ended, or broke the protocol; the message says how."""


def schema_of(stub: ModuleType) -> Schema:
    dataclass_fields: dict[str, list[str]] = {}
    exceptions: list[str] = []
    for name, value in vars(stub).items():
        if name.startswith("_") or not isinstance(value, type):
            continue
        if issubclass(value, BaseException):
            exceptions.append(name)
        elif dataclasses.is_dataclass(value) and not _behaviour(value):
            dataclass_fields[name] = [f.name for f in dataclasses.fields(value)]
    return Schema(dataclass_fields, exceptions)


def _behaviour(cls: type) -> bool:
    """A class with public methods or properties of its own: its objects live in one process."""
    return any(
        not name.startswith("_") and (callable(value) or isinstance(value, property))
        for name, value in vars(cls).items()
    )


# Parameters the stub declares mutable containers are shared state: the solution gets the test's
# own object (by reference), not a copy.
_SHARED_ANNOTATIONS = ("MutableMapping", "MutableSequence", "MutableSet")


def shared_parameters(function: Any) -> frozenset[int | str]:
    """Positions (counting `self`) and names of parameters the stub declares shared."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return frozenset()
    shared: set[int | str] = set()
    # Positions count from 1 for the first argument after `self` (a function: from 1 as well).
    start = 0 if "self" in signature.parameters or "cls" in signature.parameters else 1
    for position, parameter in enumerate(signature.parameters.values(), start):
        annotation = parameter.annotation
        text = annotation if isinstance(annotation, str) else repr(annotation)
        if any(marker in text for marker in _SHARED_ANNOTATIONS):
            shared |= {position, parameter.name}
    return frozenset(shared)


def _clocks() -> dict[str, float]:
    """The clocks a test replaced (freezegun, a monkeypatched `time.time`), as they read now."""
    return {
        name: float(getattr(time, name)())
        for name, real in _REAL_CLOCKS.items()
        if getattr(time, name) is not real
    }


# Functions of the standard library a test may replace (monkeypatch) for the solution to call.
_PATCHABLE = {
    ("time", "sleep"): time.sleep,
    ("random", "random"): random.random,
    ("random", "uniform"): random.uniform,
    ("random", "randint"): random.randint,
}


def _patched() -> dict[str, Any]:
    found = {}
    for (module, name), original in _PATCHABLE.items():
        current = getattr(sys.modules[module], name)
        if current is not original:
            found[f"{module}.{name}"] = current
    return found


class Worker:
    """One solution module, imported in a process of its own."""

    def __init__(self, slug: str, solution: Path, stub: ModuleType, launcher: Launcher) -> None:
        self.slug, self.solution, self.stub = slug, solution, stub
        self.schema = schema_of(stub)
        self._declared = declared_methods(stub)  # what the tests' objects offer the solution
        self._launcher = launcher
        self._process: subprocess.Popen[bytes] | None = None
        self._control: socket.socket | None = None
        self._control_lock = _real_lock()
        self._local = threading.local()
        self._objects: dict[int, Any] = {}  # ours, handed to the worker
        self._sent: dict[int, int] = {}  # how many times each went, less those it let go of
        self._fake_clocks: dict[int, FakeClock] = {}
        self._numbers: dict[int, int] = {}  # id(object) -> number
        self._next = itertools.count(1)
        self._proxies: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()
        # Proxies collected here: [number, times received], for the worker to let go of. No lock:
        # a collection may run the finalizer that adds to it while this thread holds any lock.
        self._released: deque[tuple[int, int, list[int]]] = deque()
        self._objects_lock = _real_lock()
        self.lock_states: dict[int, bool] = {}  # the worker's locks, as it last told
        self._pid: int | None = None
        self.stopped_for_limit = False
        self.measuring_memory = False  # peak memory is measured call by call (see `memory`)
        self.ended_cpu_seconds = 0.0  # CPU time of the last process ended for a limit
        self._generation = 0  # processes started before this one: their proxies are void
        self._shapes: dict[tuple[type, str], Shape | None] = {}
        self.codec = Codec(
            self.schema,
            local_ref=self._ref,
            own_object=self._own,
            peer_object=self._proxy,
            peer_id=self._peer_id,
            classes=self._class_named,
            exception_ref=self._ref,
            remember_exception=lambda exc, origin: None,
            address_of=_redis_address,
        )
        self.codec.library_modules = LIBRARY_EXCEPTION_MODULES

    # -- the process -----------------------------------------------------------------------

    def start(self) -> None:
        """Start the worker; raises SolutionProcessError with the import's failure, if any."""
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        command = [
            sys.executable, "-m", "grading.split.worker", "--control", str(theirs.fileno()),
            "--solution", str(self.solution), "--slug", self.slug,
            "--schema", json.dumps(self.schema.to_json()),
        ]  # fmt: skip
        kit = Path(__file__).resolve().parent.parent.parent
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
            "PYTHONPATH": str(kit),
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        self._process = subprocess.Popen(
            self._launcher(command),
            pass_fds=(theirs.fileno(),),
            env=env,
            stdin=subprocess.DEVNULL,
        )  # in the tests' process group: whatever ends it ends the worker too
        theirs.close()
        self._control = ours
        ours.settimeout(START_SECONDS)
        try:
            data, _, _, _ = socket.recv_fds(ours, 65536, 0)
        except TimeoutError:
            self.stop()
            raise SolutionProcessError(
                f"importing {self.solution.name} did not finish in time (a loop at module level?)"
            ) from None
        ours.settimeout(None)
        if data.startswith(b"fail"):
            self.stop()
            raise SolutionProcessError(_failure_text(data[4:]))
        if not data.startswith(b"ready"):
            self.stop()
            raise SolutionProcessError(f"{self.solution.name}: its process ended while importing")
        threading.Thread(target=self._listen, daemon=True, name="kata-worker-control").start()
        if self.progress not in progress_elsewhere:
            progress_elsewhere.append(self.progress)

    def stop(self) -> None:
        """End the worker and everything it started (bubblewrap ends its whole sandbox)."""
        with contextlib.suppress(ValueError):
            progress_elsewhere.remove(self.progress)
        if self._control is not None:
            self._control.close()
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                self._process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout=10)

    def stop_for_limit(self) -> None:
        """A CPU limit ran out in the worker: end it; the next test gets a fresh one."""
        self.ended_cpu_seconds = self.cpu_seconds()  # read while the process still exists
        self.stopped_for_limit = True
        self.stop()

    def restart(self) -> None:
        """A fresh process for the same solution. Nothing of the last one carries over: its
        objects, and the proxies and channels that reached them, are void."""
        self.stop()
        self._generation += 1
        self._local = threading.local()
        with self._objects_lock:
            self._objects.clear()
            self._sent.clear()
            self._numbers.clear()
            self._fake_clocks.clear()
        self._proxies = weakref.WeakValueDictionary()
        self._released.clear()
        self.lock_states.clear()
        self._pid, self.stopped_for_limit = None, False
        self.start()

    def exit_status(self) -> str:
        if self._process is None or self._process.poll() is None:
            return "ended"
        code = self._process.returncode
        return f"was killed by signal {-code}" if code < 0 else f"exited with code {code}"

    def _listen(self) -> None:
        """Channels the worker's own threads open, and its locks released outside a schedule."""
        assert self._control is not None
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self._control, 65536, 4)
            except OSError:
                return
            if not data:
                return
            if data.startswith(b"poke"):
                self._note_locks(_json(data[4:]))
                for scheduler in list(_active):
                    scheduler.poke()
            for fd in fds:
                channel = Channel(socket.socket(fileno=fd), self._handle)
                channel.on_answer = self._take_answer
                threading.Thread(target=self._serve, args=(channel,), daemon=True).start()

    def _serve(self, channel: Channel) -> None:
        self._local.channel = channel
        with contextlib.suppress(ChannelClosed):
            while True:
                channel.serve(channel.receive())

    def cpu_seconds(self) -> float:
        """CPU time the worker process has used, every thread, as the kernel counts it.

        Read through the process's CPU-time clock (what `clock_getcpuclockid` gives): unlike
        /proc's counters it includes the slice a thread is running right now.
        """
        pid = self._worker_pid()
        clock = ((~pid) << 3) | 2  # Linux: the process's CPUCLOCK_SCHED clock
        try:
            return time.clock_gettime(clock)
        except OSError:
            return 0.0

    def progress(self) -> bool:
        """Whether a thread of the worker is running or queued for a CPU: a scenario's thread
        that waits on its worker thread is not stalled while that one computes or waits for a
        CPU (a loaded machine). A worker thread blocked where nothing is traced sleeps."""
        if self._process is None or self._process.poll() is not None:
            return False
        return any_runnable(self._worker_pid())

    def _worker_pid(self) -> int:
        """The interpreter's process: the launcher's own, or a descendant of it (bubblewrap)."""
        if self._pid is not None:
            return self._pid
        assert self._process is not None
        found, queue = self._process.pid, [self._process.pid]
        while queue:
            pid = queue.pop()
            with contextlib.suppress(OSError):
                if b"grading.split.worker" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found = pid
                for task in Path(f"/proc/{pid}/task").iterdir():
                    queue += [int(c) for c in (task / "children").read_text().split()]
        self._pid = found
        return found

    # -- channels --------------------------------------------------------------------------

    def _channel(self) -> Channel:
        channel: Channel | None = getattr(self._local, "channel", None)
        if channel is not None and not channel.broken:
            return channel
        if channel is not None:
            channel.close()  # the worker's thread for it ends
        ours, theirs = socket.socketpair()
        assert self._control is not None
        with self._control_lock:
            socket.send_fds(self._control, [b"chan"], [theirs.fileno()])
        theirs.close()
        channel = Channel(ours, self._handle)
        channel.on_answer = self._take_answer
        self._local.channel = channel
        return channel

    def _take_answer(self, answer: list[Any]) -> None:
        # Let go of only once the answer is decoded: it may name an object the worker let go of.
        if len(answer) > 2 and type(answer[2]) is list:
            self._local.drops = answer[2]

    def request(self, message: list[Any], raw: bool = False) -> Any:
        """Send a request from this thread; raise what the solution raised.

        With `raw`, a batch's answer comes back as its list of encoded results, each decoded by
        the batch.
        """
        try:
            return self._request(message, raw)
        finally:
            drops = getattr(self._local, "drops", None)
            if drops:
                self._local.drops = None
                self._drop(drops)

    def _request(self, message: list[Any], raw: bool) -> Any:
        self._local.aborted = False
        try:
            answer = self._channel().request(message)
        except Remote as error:
            if error.data == ABORT or self._local.aborted:
                self._abort()
            exc = self.codec.decode(error.data)
            if not isinstance(exc, BaseException):
                exc = SolutionProcessError("the solution's process sent an error that is not one")
            raise exc from None
        except ChannelClosed:
            raise SolutionProcessError(
                f"the process running {self.solution.name} {self.exit_status()}"
            ) from None
        except ProtocolError as exc:
            raise SolutionProcessError(
                f"the solution's process broke the protocol: {exc}"
            ) from None
        if self._local.aborted:
            self._abort()
        if raw:
            if type(answer) is not list:
                raise SolutionProcessError("the solution's process broke the protocol")
            return answer
        try:
            return self.codec.decode(answer)
        except ProtocolError as exc:
            raise SolutionProcessError(
                f"the solution's process broke the protocol: {exc}"
            ) from None

    def _abort(self) -> None:
        raise ScheduleAborted

    def call(
        self,
        target: int,
        name: str | None,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        shared: frozenset[int | str] = frozenset(),
    ) -> Any:
        """Call the worker's object `target` (0: the module), or its method `name`.

        Arguments at the positions or names in `shared` go by reference (see shared_parameters).
        """
        batch: Batch | None = getattr(_batches, "current", None)
        if batch is not None and batch.worker is self:
            return batch.add(target, name, args, kwargs, shared)
        encoded = [self.argument(a, i + 1 in shared) for i, a in enumerate(args)]
        named = {k: self.argument(v, k in shared) for k, v in kwargs.items()}
        return self.request(["call", target, name, encoded, named, self._context()])

    def method_shape(self, declared: type, name: str) -> Shape | None:
        """How the stub's class `declared` declares method `name` (None: no method by that
        name), worked out once: inspecting a signature costs more than the call itself."""
        key = (declared, name)
        if key not in self._shapes:
            static = inspect.getattr_static(declared, name, None)
            method = callable(static) or isinstance(static, staticmethod | classmethod)
            self._shapes[key] = (
                (shared_parameters(static), plain_result(static, self.schema))
                if static is not None and method
                else None
            )
        return self._shapes[key]

    def calling(self, target: int, name: str, shape: Shape) -> Callable[..., Any]:
        """A function calling `name` of the worker's object `target` as the stub declares it."""
        shared, plain = shape
        return lambda *args, **kwargs: checked(
            self.call(target, name, args, kwargs, shared), plain, name
        )

    def argument(self, value: Any, shared: bool) -> Any:
        if isinstance(value, Deferred):
            value = value._resolve()  # a result of a batch that is over: sent on its own
        if shared and type(value) in (dict, list, set):
            return ["O", self._ref(value), type(value).__name__]
        return self.codec.encode(value)

    def getattr(self, target: int, name: str) -> Any:
        return self.request(["getattr", target, name, self._context()])

    def _context(self) -> dict[str, Any]:
        hand_over()
        return {
            "clocks": self._clock_state(),
            "patched": {name: self._ref(value) for name, value in _patched().items()},
            "scheduled": managed() is not None,
            # Let go of with the next request, not one of their own: the worker drops its
            # objects (and the clocks and callbacks they hold) as soon as the tests do.
            "released": self._take_released(),
        }

    def _take_released(self) -> list[list[int]]:
        entries = []
        while self._released:
            generation, number, received = self._released.popleft()
            if generation == self._generation:
                entries.append([number, received[0]])
        return entries

    # -- what the worker asks ----------------------------------------------------------------

    def _handle(self, message: list[Any]) -> list[Any]:
        try:
            return ["ok", self.codec.encode(self._answer(message)), self._clock_state()]
        except ScheduleAborted:
            self._local.aborted = True
            return ["err", ABORT, self._clock_state()]
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            # A BaseException too (a test's simulated crash): it unwinds the solution's frames,
            # past its `except Exception`, as in one process, and comes back as this very object.
            return ["err", self.codec.encode_exception(exc), self._clock_state()]
        finally:
            # After the answer: the request itself may name an object the worker let go of since.
            if type(message[-1]) is list and message[0] in ("cb", "cbattr", "cbset"):
                self._drop(message[-1])

    def _answer(self, message: list[Any]) -> Any:
        kind = message[0]
        if kind == "cb":
            _, number, name, args, kwargs, _ = message
            target = self._own(number)
            if name is None or name in OPERATIONS:
                function = operation(target, name)
            else:
                function = callable_method(target, text_of(name), self._declared)
            values = [self.codec.decode(a) for a in args]
            named = {text_of(k): self.codec.decode(v) for k, v in dict(kwargs).items()}
            return function(*values, **named)
        if kind == "cbattr":
            return self._attribute(self._own(message[1]), text_of(message[2]))
        if kind == "cbset":
            _set_setting(self._own(message[1]), text_of(message[2]), message[3], self.codec)
            return None
        if kind == "point":
            self._note_locks(message[4])
            entry = managed()
            if entry is not None:
                entry[0].point(entry[1], text_of(message[1]), int(message[2]), text_of(message[3]))
            return None
        if kind == "block":  # a worker lock: ready once the worker says it is free
            self._note_locks(message[4])
            key = int(message[1])
            return _block(
                message[2], "a lock", lambda _: lambda: not self.lock_states.get(key, False)
            )
        if kind == "blockmoved":  # SQLite busy: ready once another thread moved
            self._note_locks(message[3])
            return _block(message[1], "SQLite", _someone_moved)
        if kind == "clocks":  # the answer carries them
            return None
        if kind == "now":
            entry = managed()
            return entry[0].now() if entry is not None else time.monotonic()
        raise ProtocolError(f"an unknown request {kind!r}")

    def _attribute(self, target: Any, name: str) -> tuple[str, Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(target, name)
        if callable(value) and not isinstance(value, type):
            callable_method(target, name, self._declared)
            return ("method", None)
        if _holds_reference(self.codec.encode(value)):
            raise AttributeError(f"{name} is not plain data")
        return ("value", value)

    def _clock_state(self) -> dict[str, Any]:
        """The test's clocks as they read now: replaced system clocks, and the FakeClocks handed
        over, whose reads the worker then answers itself (they change only when a test moves them,
        and every message carries their time)."""
        fake = {str(n): clock._now for n, clock in list(self._fake_clocks.items())}
        return {"system": _clocks(), "fake": fake}

    def _drop(self, dropped: list[Any]) -> None:
        """Objects of ours the worker no longer holds: the tests may see them collected.

        Each entry is [number, times received]: one sent again meanwhile is still held.
        """
        with self._objects_lock:
            for entry in dropped:
                if type(entry) is not list or len(entry) != 2:
                    continue
                number, times = entry
                if type(number) is not int or type(times) is not int:
                    continue
                left = self._sent.get(number, 0) - times
                if left > 0:
                    self._sent[number] = left
                    continue
                self._sent.pop(number, None)
                self._fake_clocks.pop(number, None)
                value = self._objects.pop(number, None)
                if value is not None and self._numbers.get(id(value)) == number:
                    del self._numbers[id(value)]

    def _note_locks(self, states: Any) -> None:
        if type(states) is dict:
            for key, locked in states.items():
                self.lock_states[int(key)] = bool(locked)

    # -- references --------------------------------------------------------------------------

    def _ref(self, value: Any) -> int:
        if isinstance(value, ModuleType):
            raise TypeError(f"{value!r} cannot be handed to the solution's process")
        with self._objects_lock:
            number = self._numbers.get(id(value))
            if number is None:
                number = next(self._next)
                self._objects[number], self._numbers[id(value)] = value, number
                if type(value) is FakeClock:
                    self._fake_clocks[number] = value
            self._sent[number] = self._sent.get(number, 0) + 1
        return number

    def _own(self, number: int) -> Any:
        try:
            return self._objects[number]
        except KeyError:
            raise ProtocolError(f"no object #{number} was handed over") from None

    def _peer_id(self, value: Any) -> int | None:
        if isinstance(value, RemoteObject):
            return int(object.__getattribute__(value, "_remote_id"))
        return None

    def _proxy(self, number: int, kind: str) -> Any:
        existing = self._proxies.get(number)
        if existing is None:
            declared = getattr(self.stub, kind, None)
            cls = remote_class(self, kind) if isinstance(declared, type) else RemoteObject
            existing = object.__new__(cls)
            received = [0]
            _bind(existing, self, number, declared if isinstance(declared, type) else None)
            object.__setattr__(existing, "_remote_received", received)
            self._proxies[number] = existing
            weakref.finalize(existing, self._released.append, (self._generation, number, received))
        object.__getattribute__(existing, "_remote_received")[0] += 1
        return existing

    def _class_named(self, name: str) -> type | None:
        found = getattr(self.stub, name, None)
        return found if isinstance(found, type) else None


# -- batches: calls sent together, for perf.py to time from this side --------------------------

_batches = threading.local()


class Batch:
    """Calls into one worker queued, then sent as one request.

    While a batch is open in a thread, calls return `Deferred` results; using one (comparing it,
    iterating it, ...) sends the calls queued so far. A batch times the worker's CPU, as the kernel
    counts it, across each request, so the measure excludes this process and cannot be told by the
    solution.
    """

    def __init__(self, worker: Worker) -> None:
        self.worker = worker
        self.calls: list[list[Any]] = []
        self.deferred: list[weakref.ref[Deferred]] = []  # the queued calls' results
        self.results: list[Any] = []
        self.cpu_seconds = 0.0

    def add(
        self,
        target: Any,
        name: str | None,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        shared: frozenset[int | str],
    ) -> Deferred:
        def argument(value: Any, shared: bool = False) -> Any:
            if isinstance(value, Deferred):
                owner = object.__getattribute__(value, "_batch")
                index = object.__getattribute__(value, "_index")
                if owner is self and index >= len(self.results):
                    return ["D", index - len(self.results)]  # a call sent in the same request
                value = value._resolve()
            return self.worker.argument(value, shared)

        self.calls.append([
            target, name,
            [argument(a, i + 1 in shared) for i, a in enumerate(args)],
            {k: argument(v, k in shared) for k, v in kwargs.items()},
        ])  # fmt: skip
        deferred = Deferred.__new__(Deferred)
        object.__setattr__(deferred, "_batch", self)
        object.__setattr__(deferred, "_index", len(self.results) + len(self.calls) - 1)
        self.deferred.append(weakref.ref(deferred))
        return deferred

    def flush(self) -> None:
        if not self.calls:
            return
        calls, self.calls = self.calls, []
        # Only results still held here come back: the worker drops the others as it goes.
        wanted = [i for i, ref in enumerate(self.deferred) if ref() is not None]
        self.deferred = []
        worker = self.worker
        options = {"wanted": wanted, "collect": gc.isenabled()}
        message = ["batch", calls, worker._context(), options]
        before = worker.cpu_seconds()
        previous, _batches.current = getattr(_batches, "current", None), None
        try:
            encoded = worker.request(message, raw=True)
        finally:
            _batches.current = previous
        self.cpu_seconds += worker.cpu_seconds() - before
        self.results += [worker.codec.decode(e) for e in encoded]

    def value(self, index: int) -> Any:
        if index >= len(self.results):
            self.flush()
        return self.results[index]


class Deferred:
    """The result of a call in a batch: sent for when first used."""

    __slots__ = ("__weakref__", "_batch", "_index")

    def _resolve(self) -> Any:
        return object.__getattribute__(self, "_batch").value(
            object.__getattribute__(self, "_index")
        )

    def __getattr__(self, name: str) -> Any:
        # Sent for now: whether `name` is a method or a value only the result knows. Calls on
        # the result (a proxy) queue in whatever batch is open then.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._resolve(), name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return repr(self._resolve())


def _resolving(name: str) -> Callable[..., Any]:
    def operation(self: Deferred, *args: Any) -> Any:
        return getattr(self._resolve(), name)(*args)

    operation.__name__ = name
    return operation


for _operation in (*OPERATIONS, "__repr__"):
    if _operation not in ("__call__", "__enter__", "__exit__", "__next__", "__repr__"):
        setattr(Deferred, _operation, _resolving(_operation))


@contextlib.contextmanager
def memory(worker: Worker) -> Iterator[list[int]]:
    """Measure the peak memory the solution's calls allocate in the worker: [bytes] on exit."""
    measured = [0]
    worker.request(["memory", "start"])
    worker.measuring_memory = True
    try:
        yield measured
    finally:
        worker.measuring_memory = False
        measured[0] = int(worker.request(["memory", "stop"]))


@contextlib.contextmanager
def batch(worker: Worker) -> Iterator[Batch]:
    """Queue this thread's calls into `worker` until one's result is used or the block ends."""
    if worker.measuring_memory:
        # The worker measures memory call by call; a batch's calls would go unmeasured.
        raise RuntimeError("calls cannot be sent together while peak memory is measured")
    opened = Batch(worker)
    previous = getattr(_batches, "current", None)
    _batches.current = opened
    before_move.append(opened.flush)
    try:
        yield opened
        opened.flush()
    finally:
        before_move.remove(opened.flush)
        _batches.current = previous


# Names a stub's return annotation may use for a value that crosses by value.
_PLAIN_NAMES = frozenset(
    {"None", "bool", "int", "float", "str", "bytes", "list", "tuple", "dict", "set", "frozenset"}
)


def _redis_address(value: Any) -> dict[str, Any] | None:
    """A test's Redis client reaches the worker as the address of its relay (redis_relay)."""
    backends = sys.modules.get("grading.testkit.redis_backend")
    return None if backends is None else backends.address_for(value)


def plain_result(function: Any, schema: Schema) -> bool:
    """Whether the stub declares `function` to return plain data only (no object of its own)."""
    annotation = getattr(function, "__annotations__", {}).get("return")
    if not isinstance(annotation, str):
        return False
    names = set(re.findall(r"[A-Za-z_][A-Za-z_0-9.]*", annotation))
    return bool(names) and names <= _PLAIN_NAMES | set(schema.dataclasses)


def _holds_proxy(value: Any, depth: int = 0) -> bool:
    if isinstance(value, RemoteObject):
        return True
    if depth < 3 and type(value) in (list, tuple, set, frozenset):
        return any(_holds_proxy(item, depth + 1) for item in value)
    if depth < 3 and type(value) is dict:
        return any(_holds_proxy(item, depth + 1) for pair in value.items() for item in pair)
    return False


def checked(result: Any, plain: bool, name: str) -> Any:
    """A result the stub declares plain data that came back as an object of the solution's own
    (an int that equals every number, an object equal to anything) fails the test here."""
    if plain and _holds_proxy(result):
        raise ClaimsEqualityError(
            f"{name}() returned an object of its own where the stub declares plain data"
        )
    return result


def _block(timeout: Any, what: str, ready: Callable[[Any], Callable[[], bool]]) -> bool:
    """A worker thread's wait, made by its test thread's scheduler (at once outside a scenario)."""
    entry = managed()
    if entry is None:
        return True
    left = None if timeout is None else float(timeout)
    return bool(entry[0].block(entry[1], ready(entry[0]), left, what))


def _failure_text(data: bytes) -> str:
    try:
        value = json.loads(data)
    except ValueError:
        return "the solution's process sent a malformed message"
    return value if type(value) is str else "the solution's process sent a malformed message"


def _json(data: bytes) -> Any:
    try:
        return json.loads(data)
    except ValueError:
        return None


def _holds_reference(encoded: Any) -> bool:
    if type(encoded) is not list:
        return False
    return encoded[0] in ("O", "Y") or any(_holds_reference(item) for item in encoded[1:])


# Objects handed over whose settings the solution may change, as it would in one process (a
# SQLite connection's isolation_level): the settings their own class declares, to plain data.
# The tests' own fakes are not among them, so what a test counts stays its own.
_SETTABLE_MODULES = ("sqlite3",)


def _set_setting(target: Any, name: str, encoded: Any, codec: Codec) -> None:
    owner = next((c for c in type(target).__mro__ if name in vars(c)), None)
    if (
        name.startswith("_")
        or owner is None
        or owner.__module__ not in _SETTABLE_MODULES
        or not hasattr(type(vars(owner)[name]), "__set__")
    ):
        raise AttributeError(f"{name} cannot be set from the solution's process")
    if _holds_reference(encoded):
        raise TypeError(f"{name} can only be set to plain data from the solution's process")
    setattr(target, name, codec.decode(encoded))


# -- proxies -----------------------------------------------------------------------------------


def _bind(proxy: Any, worker: Worker, number: int, declared: type | None) -> None:
    object.__setattr__(proxy, "_remote_worker", worker)
    object.__setattr__(proxy, "_remote_id", number)
    object.__setattr__(proxy, "_remote_declared", declared)


def _forward(name: str) -> Callable[..., Any]:
    def operation(self: RemoteObject, *args: Any) -> Any:
        worker = object.__getattribute__(self, "_remote_worker")
        return worker.call(object.__getattribute__(self, "_remote_id"), name, args, {})

    operation.__name__ = name
    return operation


class RemoteObject:
    """An object in the solution's process. Its methods, and the operations in ops.OPERATIONS,
    run there; what comes back is plain data or another proxy."""

    __slots__ = (
        "__weakref__", "_remote_declared", "_remote_id", "_remote_received", "_remote_worker"
    )  # fmt: skip

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        worker: Worker = object.__getattribute__(self, "_remote_worker")
        number = object.__getattribute__(self, "_remote_id")
        declared = object.__getattribute__(self, "_remote_declared")
        shape = worker.method_shape(declared, name) if declared is not None else None
        if shape is not None:
            return worker.calling(number, name, shape)
        # An attribute the solution sets (the stub's __init__ names it), or a property.
        return worker.getattr(number, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("attributes of the solution's objects are set through its methods")

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        worker = object.__getattribute__(self, "_remote_worker")
        return worker.call(object.__getattribute__(self, "_remote_id"), None, args, kwargs)

    def __repr__(self) -> str:
        declared = object.__getattribute__(self, "_remote_declared")
        name = declared.__name__ if declared is not None else "object"
        return f"<{name} in the solution's process>"

    def __reduce__(self) -> Any:
        raise TypeError("an object in the solution's process cannot be copied or pickled")

    def __exit__(self, *args: Any) -> Any:
        worker = object.__getattribute__(self, "_remote_worker")
        number = object.__getattribute__(self, "_remote_id")
        exc = args[1] if len(args) > 1 else None
        kind = type(exc) if exc is not None else None
        return worker.call(number, "__exit__", (kind, exc, None), {})


for _operation in OPERATIONS:
    if _operation not in ("__exit__", "__str__", "__call__", "__format__"):
        setattr(RemoteObject, _operation, _forward(_operation))


_classes: dict[tuple[int, str], type] = {}


def remote_class(worker: Worker, name: str) -> type:
    """A class standing for the solution's class `name`: calling it makes an instance there."""
    key = (id(worker), name)
    found = _classes.get(key)
    if found is None:
        found = RemoteClassMeta(name, (RemoteObject,), {"__slots__": (), "__module__": "solution"})
        found._remote = (worker, name)  # type: ignore[attr-defined]
        _classes[key] = found
    return found


class RemoteClassMeta(type):
    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        worker, name = cls._remote
        declared = getattr(worker.stub, name, None)
        constructor = getattr(declared, "__init__", None)
        shared = shared_parameters(constructor) if isinstance(declared, type) else frozenset()
        made = worker.call(0, name, args, kwargs, shared)
        if isinstance(made, RemoteObject) and isinstance(declared, type):
            # What the stub's class makes has the stub's interface, whatever the solution's class
            # is called (or serves through __getattr__).
            object.__setattr__(made, "__class__", cls)
            object.__setattr__(made, "_remote_declared", declared)
        return made

    def __getattr__(cls, attribute: str) -> Any:
        if attribute.startswith("_"):
            raise AttributeError(attribute)
        worker, name = cls._remote
        target = worker.getattr(0, name)
        return getattr(target, attribute)


class RemoteSolution:
    """The solution module as the tests see it: the names the stub declares, served by the
    worker."""

    def __init__(self, worker: Worker) -> None:
        self._worker = worker
        self._found: dict[str, Any] = {}
        self.__file__ = str(worker.solution)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = self._lookup(name)
        return found

    def _lookup(self, name: str) -> Any:
        stub = self._worker.stub
        if not hasattr(stub, name):
            raise AttributeError(f"{name} is not declared by the stub")
        declared = getattr(stub, name)
        if isinstance(declared, type):
            schema = self._worker.schema
            if name in schema.exceptions or name in schema.dataclasses:
                return declared  # the stub's own class: values of it cross by value
            if getattr(declared, "_is_protocol", False):
                return declared
            self._worker.getattr(0, name)  # the solution must define it
            return remote_class(self._worker, name)
        if isinstance(declared, FunctionType):
            self._worker.getattr(0, name)  # the solution must define it
            shape = (shared_parameters(declared), plain_result(declared, self._worker.schema))
            return self._worker.calling(0, name, shape)
        if type(declared) in SCALARS:
            return self._worker.getattr(0, name)
        return declared  # TypeVar, ParamSpec and the like
