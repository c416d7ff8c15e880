"""Mutant: a compensation is tried once; on failure the saga gives up.

category: failure
A refund that hits one network blip is never made.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence

from reference import saga as reference
from reference.saga import (
    COMPENSATED,
    COMPENSATING,
    COMPLETED,
    FAILED,
    RUNNING,
    CompensationFailed,
    Step,
)

__all__ = [
    "COMPENSATED",
    "COMPENSATING",
    "COMPLETED",
    "FAILED",
    "RUNNING",
    "CompensationFailed",
    "Orchestrator",
    "Step",
]


class Orchestrator(reference.Orchestrator):
    def __init__(
        self,
        steps: Sequence[Step],
        store: MutableMapping[str, str],
        compensation_attempts: int = 3,
    ) -> None:
        super().__init__(steps, store, compensation_attempts)
        self.compensation_attempts = 1
