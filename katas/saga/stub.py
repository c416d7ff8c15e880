"""Saga orchestrator with compensations and persisted state.

Fill in the bodies. Keep the names and signatures: the tests call them.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass

Action = Callable[[str], object]  # called with the saga id: the participants' idempotency key

RUNNING, COMPENSATING = "running", "compensating"
COMPLETED, COMPENSATED, FAILED = "completed", "compensated", "failed"


@dataclass(frozen=True)
class Step:
    name: str
    action: Action
    compensation: Action | None = None  # None: nothing to undo (a read, a notification)


class CompensationFailed(Exception):
    """A compensation kept failing: the saga is stuck half undone and needs another run (or a
    person). Keep `saga_id` and `step` (the step whose compensation failed) as attributes."""

    def __init__(self, saga_id: str, step: str) -> None:
        super().__init__(f"saga {saga_id}: compensation of {step!r} keeps failing")
        self.saga_id = saga_id
        self.step = step


class Orchestrator:
    """Runs sagas made of `steps`, keeping each saga's progress in `store`.

    `store` is a dict-like map of str to str shared by every orchestrator (process) that uses
    it; keep a saga's state under the key `f"saga:{saga_id}"` and nothing outside that prefix.
    An action or compensation fails by raising an Exception; anything else it raises (a
    BaseException such as KeyboardInterrupt: the process is going down) is not a step failure
    and must propagate, leaving the saga to be resumed. Raise ValueError for duplicate step
    names or a compensation_attempts below 1.
    """

    def __init__(
        self,
        steps: Sequence[Step],
        store: MutableMapping[str, str],
        compensation_attempts: int = 3,
    ) -> None:
        raise NotImplementedError

    def run(self, saga_id: str) -> str:
        """Start the saga, or resume it from the state in the store, and drive it to an end.

        Steps run in order, each action once (again only if it may not have finished before a
        crash). When an action fails, the compensations of the steps that completed run,
        newest first; each is tried up to `compensation_attempts` times. Return COMPLETED or
        COMPENSATED; if a compensation still fails, record FAILED and raise CompensationFailed
        (a later run picks up from there: COMPENSATING again once that compensation succeeds).
        A finished saga is not run again. One run at a time per saga id; runs of different
        sagas do not wait for each other."""
        raise NotImplementedError

    def status(self, saga_id: str) -> str | None:
        """RUNNING, COMPENSATING, COMPLETED, COMPENSATED or FAILED; None for an unknown saga."""
        raise NotImplementedError

    def resume_all(self) -> dict[str, str]:
        """Drive every unfinished saga in the store (running, compensating, failed) to an end;
        return their final statuses by saga id (FAILED where a compensation still fails)."""
        raise NotImplementedError
