"""Mutant: any exception from a step, BaseException included, is treated as a step failure.

category: failure
A process going down compensates a saga that should have resumed and completed.
"""

from __future__ import annotations

from typing import Any

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
    def _forward(self, saga_id: str, state: dict[str, Any]) -> None:
        while state["done"] < len(self.steps):
            step = self.steps[state["done"]]
            try:
                step.action(saga_id)
            except BaseException as exc:
                state.update(status=COMPENSATING, error=f"{step.name}: {exc}")
                self._save(saga_id, state)
                return
            state["done"] += 1
            self._save(saga_id, state)
        state["status"] = COMPLETED
        self._save(saga_id, state)
