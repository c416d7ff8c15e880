"""Saga orchestrator: ordered steps with compensations run in reverse for the steps that completed,
compensation retries, and state persisted after every move so a restarted orchestrator resumes."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

Action = Callable[[str], object]  # called with the saga id: the participants' idempotency key

RUNNING, COMPENSATING = "running", "compensating"
COMPLETED, COMPENSATED, FAILED = "completed", "compensated", "failed"
_PREFIX = "saga:"


@dataclass(frozen=True)
class Step:
    name: str
    action: Action
    compensation: Action | None = None  # None: nothing to undo (a read, a notification)


class CompensationFailed(Exception):
    """A compensation kept failing: the saga is stuck half undone and needs another run (or a
    person). Its state says which steps are still to undo."""

    def __init__(self, saga_id: str, step: str) -> None:
        super().__init__(f"saga {saga_id}: compensation of {step!r} keeps failing")
        self.saga_id = saga_id
        self.step = step


class Orchestrator:
    def __init__(
        self,
        steps: Sequence[Step],
        store: MutableMapping[str, str],
        compensation_attempts: int = 3,
    ) -> None:
        names = [step.name for step in steps]
        if len(set(names)) != len(names):
            raise ValueError(f"step names must be unique, got {names}")
        if compensation_attempts < 1:
            raise ValueError(
                f"compensation_attempts must be at least 1, got {compensation_attempts}"
            )
        self.steps = list(steps)
        self.store = store
        self.compensation_attempts = compensation_attempts
        self._guard = threading.Lock()
        self._running: dict[str, threading.Lock] = {}

    def _load(self, saga_id: str) -> dict[str, Any] | None:
        raw = self.store.get(_PREFIX + saga_id)
        return None if raw is None else dict(json.loads(raw))

    def _save(self, saga_id: str, state: dict[str, Any]) -> None:
        self.store[_PREFIX + saga_id] = json.dumps(state)

    def status(self, saga_id: str) -> str | None:
        state = self._load(saga_id)
        return None if state is None else str(state["status"])

    def run(self, saga_id: str) -> str:
        # Two callers driving one saga at once would run its steps twice: one at a time per id.
        with self._guard:
            lock = self._running.setdefault(saga_id, threading.Lock())
        with lock:
            state = self._load(saga_id)
            if state is None:
                # Write before acting: a saga the store does not know about must not touch anything.
                state = {"status": RUNNING, "done": 0, "error": None}
                self._save(saga_id, state)
            if state["status"] == RUNNING:
                self._forward(saga_id, state)
            if state["status"] in (COMPENSATING, FAILED):
                self._backward(saga_id, state)
            return str(state["status"])

    def _forward(self, saga_id: str, state: dict[str, Any]) -> None:
        while state["done"] < len(self.steps):
            step = self.steps[state["done"]]
            try:
                step.action(saga_id)
            except Exception as exc:  # a business failure; a crash (BaseException) propagates
                state.update(status=COMPENSATING, error=f"{step.name}: {exc}")
                self._save(saga_id, state)
                return
            # Recorded after the action: a crash in between re-runs the step on resume, so
            # participants must be idempotent (they get the saga id as the key).
            state["done"] += 1
            self._save(saga_id, state)
        state["status"] = COMPLETED
        self._save(saga_id, state)

    def _backward(self, saga_id: str, state: dict[str, Any]) -> None:
        # `done` counts completed steps not yet undone: undo them newest first, and never touch
        # the step that failed or the ones after it, which never completed.
        while state["done"] > 0:
            step = self.steps[state["done"] - 1]
            if step.compensation is not None:
                for attempt in range(1, self.compensation_attempts + 1):
                    try:
                        step.compensation(saga_id)
                        break
                    except Exception:
                        if attempt == self.compensation_attempts:
                            state["status"] = FAILED
                            self._save(saga_id, state)
                            raise CompensationFailed(saga_id, step.name) from None
            state.update(status=COMPENSATING, done=state["done"] - 1)
            self._save(saga_id, state)
        state["status"] = COMPENSATED
        self._save(saga_id, state)

    def resume_all(self) -> dict[str, str]:
        """Drive every unfinished saga in the store to an end; their final statuses by id."""
        results: dict[str, str] = {}
        for key in list(self.store):
            if not key.startswith(_PREFIX):
                continue
            saga_id = key[len(_PREFIX) :]
            if self.status(saga_id) in (COMPLETED, COMPENSATED):
                continue
            try:
                results[saga_id] = self.run(saga_id)
            except CompensationFailed:
                results[saga_id] = FAILED
        return results
