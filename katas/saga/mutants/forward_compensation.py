"""Mutant: compensations run in the order the steps ran, oldest first.

category: example
The card is refunded after the stock it paid for has been released, and so on down the chain.
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
    def _backward(self, saga_id: str, state: dict[str, Any]) -> None:
        for step in self.steps[: state["done"]]:
            if step.compensation is not None:
                step.compensation(saga_id)
        state.update(status=COMPENSATED, done=0)
        self._save(saga_id, state)
