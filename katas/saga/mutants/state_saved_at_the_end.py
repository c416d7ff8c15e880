"""Mutant: progress is written to the store only when the saga finishes.

category: failure
A restarted orchestrator knows nothing of the steps already done and runs them all again.
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
    def _save(self, saga_id: str, state: dict[str, Any]) -> None:
        if state["status"] in (COMPLETED, COMPENSATED, FAILED):
            super()._save(saga_id, state)
