"""Faults injected into one Redis client: a process that dies mid-operation, or pauses mid-way.

Both see every round trip the client makes: each command (scripts included: `EVALSHA`,
`SCRIPT LOAD`), each command a pipeline sends at once while it watches keys (`WATCH`, the reads
between `WATCH` and `MULTI`), and each pipeline's `execute()`, which sends its queued commands in
one go and so counts as one. They affect only the client given, so other clients on the same
server (other simulated processes) carry on normally, on fakeredis or a real server. A client
handed to a solution in a worker keeps them: its relay applies them to every command the worker
sends (redis_relay).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import redis

# `send(*args, **options)` makes one round trip; an interceptor decides whether and when it
# happens (it may count it, raise instead, or run something after it), never what it sends.
Send = Callable[..., Any]
Interceptor = Callable[[Send, tuple[Any, ...], dict[str, Any]], Any]


# Where a client keeps its interceptors and the method they installed, for the relay that serves
# it to a worker (redis_relay).
_INTERCEPTORS = "_kata_interceptors"
_INSTALLED = "_kata_execute_command"


def interceptors_of(client: redis.Redis) -> list[Interceptor]:
    """The interceptors put on `client`, innermost first."""
    return list(vars(client).get(_INTERCEPTORS, ()))


def patched_by_hand(client: redis.Redis) -> bool:
    """Whether a test replaced `client.execute_command` itself: a worker's client, which has
    its own, would not see that; `intercept` is seen by both."""
    own = vars(client).get("execute_command")
    return own is not None and own is not vars(client).get(_INSTALLED)


def intercept(client: redis.Redis, around: Interceptor) -> redis.Redis:
    """Route every round trip of `client`, and of pipelines made from it, through `around`.

    `around(send, args, options)` makes the round trip with `send(*args, **options)`, or raises
    instead. The first argument is the command's name (`"EXEC"` for a pipeline's `execute()`).
    Returns the same client. This is how a test counts or breaks a client's commands: a method
    replaced by hand is not seen by a solution in a worker, which has a client of its own.
    """
    vars(client).setdefault(_INTERCEPTORS, []).append(around)
    send_command: Send = client.execute_command
    make_pipeline = client.pipeline

    def execute_command(*args: Any, **options: Any) -> Any:
        return around(send_command, args, options)

    def pipeline(transaction: bool = True, shard_hint: Any = None) -> Any:
        pipe = make_pipeline(transaction, shard_hint)
        immediate: Send = pipe.immediate_execute_command
        execute: Callable[[bool], Any] = pipe.execute

        def immediate_execute_command(*args: Any, **options: Any) -> Any:
            with _as_while_watching(pipe):
                return around(immediate, args, options)

        def execute_queued(raise_on_error: bool = True) -> Any:
            with _as_while_watching(pipe):
                return around(lambda *_: execute(raise_on_error), ("EXEC",), {})

        pipe.immediate_execute_command = immediate_execute_command  # type: ignore[method-assign]
        pipe.execute = execute_queued  # type: ignore[method-assign]
        return pipe

    client.execute_command = execute_command  # type: ignore[method-assign]
    vars(client)[_INSTALLED] = execute_command
    # `client.transaction()` builds its pipeline through this too.
    client.pipeline = pipeline  # type: ignore[method-assign]
    return client


@contextmanager
def _as_while_watching(pipe: Any) -> Iterator[None]:
    """A connection lost while a pipeline watches keys is a `WatchError`, as redis-py reports it
    when a real connection drops (the watch is gone with it)."""
    watching = bool(pipe.watching)
    try:
        yield
    except (redis.ConnectionError, redis.TimeoutError) as error:
        if not watching:
            raise
        pipe.reset()
        raise redis.WatchError(
            f"A {type(error).__name__} occurred while watching one or more keys"
        ) from error


def die_after(client: redis.Redis, commands: int) -> redis.Redis:
    """Make `client` behave like a process that dies after `commands` round trips.

    The first `commands` round trips run normally; every later one raises `redis.ConnectionError`
    without reaching the server. Returns the same client, for chaining. Looping `commands` over
    0, 1, 2, ... crashes an operation at every point between its round trips.
    """
    sent = 0

    def around(send: Send, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
        nonlocal sent
        if sent >= commands:
            raise redis.ConnectionError(f"simulated crash after {commands} command(s)")
        sent += 1
        return send(*args, **options)

    return intercept(client, around)


def after_command(
    client: redis.Redis, hook: Callable[[str], object], times: int = 1
) -> redis.Redis:
    """Run `hook(command_name)` after each of the next `times` round trips `client` makes.

    The hook runs whether the command succeeded or raised, before the caller sees the reply, so it
    models the process pausing right there (a GC pause, a slow network) while the rest of the world
    moves on: another client takes the lock, a lease runs out. A pipeline's `execute()` is named
    `EXEC`. Returns the same client. For a solution in a worker the hook runs on the thread of the
    client's relay while the solution's thread waits for its reply (redis_relay): keep hooks out
    of concurrency scenarios, whose threads the scheduler runs.
    """
    remaining = times

    def around(send: Send, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
        nonlocal remaining
        try:
            return send(*args, **options)
        finally:
            if remaining > 0:
                remaining -= 1
                hook(str(args[0]).upper() if args else "")

    return intercept(client, around)
