"""Tiny reference models that tests compare solutions against, decision by decision."""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def textbook_bucket(
    capacity: float, rate: float, steps: Iterable[tuple[float, float]]
) -> Iterator[tuple[float, float, bool]]:
    """For each (wait, n): yield (wait, n, admitted) by tokens = min(capacity, tokens + wait*rate).

    The test advances its clock by `wait`, asks the solution for `n` tokens, and compares.
    """
    tokens = float(capacity)
    for wait, n in steps:
        tokens = min(capacity, tokens + wait * rate)
        admitted = tokens >= n
        if admitted:
            tokens -= n
        yield wait, n, admitted
