"""Mutant: the step whose action failed is compensated too, as if it had completed.

category: example
It refunds a charge that never happened.
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
        if state["status"] == COMPENSATING and state["done"] < len(self.steps):
            state["done"] += 1  # "the failing step is part of the saga: undo it as well"
