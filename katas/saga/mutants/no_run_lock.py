"""Mutant: run() has no per-saga lock.

category: concurrency
Two callers driving the same saga both read its state and both run every step.
"""

from __future__ import annotations

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
    def run(self, saga_id: str) -> str:
        state = self._load(saga_id)
        if state is None:
            state = {"status": RUNNING, "done": 0, "error": None}
            self._save(saga_id, state)
        if state["status"] == RUNNING:
            self._forward(saga_id, state)
        if state["status"] in (COMPENSATING, FAILED):
            self._backward(saga_id, state)
        return str(state["status"])
