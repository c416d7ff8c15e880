"""Mutant: on failure, every step in the saga is compensated, run or not.

category: example
It cancels a courier that was never booked and refunds a card never charged.
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
        super()._forward(saga_id, state)
        if state["status"] == COMPENSATING:
            state["done"] = len(self.steps)
