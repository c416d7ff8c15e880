"""Many calls into the solution at once, where a round trip per call would cost more than the
calls: one request to the solution's process when it runs in one (grading), a loop otherwise."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from grading.solution import split_worker

T = TypeVar("T")


def call_each(function: Callable[..., T], arguments: Iterable[tuple[Any, ...]]) -> list[T]:
    """`[function(*args) for args in arguments]`, the calls made in order.

    The first call that raises ends the run there, as in the loop: its error is raised, and the
    calls after it are not made. Results cross as every result does: a solution's object that
    claims to equal anything arrives as an object equal only to itself.
    """
    worker = split_worker()
    if worker is None:
        return [function(*args) for args in arguments]
    from grading.split.remote import Deferred, batch

    with batch(worker):
        results = [function(*args) for args in arguments]
    return [r._resolve() if isinstance(r, Deferred) else r for r in results]
