"""Faults injected into one Redis client: a process that dies mid-operation, or pauses mid-way.

Both work by wrapping the client's `execute_command`, which every redis-py command goes through
(scripts included: `EVALSHA`, `SCRIPT LOAD`). They affect only the client given, so other clients
on the same server (other simulated processes) carry on normally, on fakeredis or a real server.
Commands queued on a pipeline do not pass through `execute_command` and are not seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis


def die_after(client: redis.Redis, commands: int) -> redis.Redis:
    """Make `client` behave like a process that dies after sending `commands` commands.

    The first `commands` commands run normally; every later one raises `redis.ConnectionError`
    without reaching the server. Returns the same client, for chaining. Looping `commands` over
    0, 1, 2, ... crashes an operation at every point between its commands.
    """
    send: Callable[..., Any] = client.execute_command
    sent = 0

    def execute_command(*args: Any, **options: Any) -> Any:
        nonlocal sent
        if sent >= commands:
            raise redis.ConnectionError(f"simulated crash after {commands} command(s)")
        sent += 1
        return send(*args, **options)

    client.execute_command = execute_command  # type: ignore[method-assign]
    return client


def after_command(
    client: redis.Redis, hook: Callable[[str], object], times: int = 1
) -> redis.Redis:
    """Run `hook(command_name)` after each of the next `times` commands `client` sends.

    The hook runs whether the command succeeded or raised, before the caller sees the reply, so it
    models the process pausing right there (a GC pause, a slow network) while the rest of the world
    moves on: another client takes the lock, a lease runs out. Returns the same client.
    """
    send: Callable[..., Any] = client.execute_command
    remaining = times

    def execute_command(*args: Any, **options: Any) -> Any:
        nonlocal remaining
        try:
            return send(*args, **options)
        finally:
            if remaining > 0:
                remaining -= 1
                hook(str(args[0]).upper() if args else "")

    client.execute_command = execute_command  # type: ignore[method-assign]
    return client
