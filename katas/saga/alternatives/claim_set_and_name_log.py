"""A claim set under one Condition for one-run-per-saga, and state kept as the list of step names
completed and not yet undone (instead of a counter and a per-saga lock registry)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass

Action = Callable[[str], object]

RUNNING, COMPENSATING = "running", "compensating"
COMPLETED, COMPENSATED, FAILED = "completed", "compensated", "failed"
_FINISHED = frozenset({COMPLETED, COMPENSATED})


@dataclass(frozen=True)
class Step:
    name: str
    action: Action
    compensation: Action | None = None


class CompensationFailed(Exception):
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
        self._steps = tuple(steps)
        self._by_name = {step.name: step for step in self._steps}
        if len(self._by_name) != len(self._steps):
            raise ValueError("duplicate step names")
        if compensation_attempts < 1:
            raise ValueError("compensation_attempts must be at least 1")
        self._store = store
        self._attempts = compensation_attempts
        self._claims: set[str] = set()
        self._claims_changed = threading.Condition()

    @staticmethod
    def _key(saga_id: str) -> str:
        return "saga:" + saga_id

    def _read(self, saga_id: str) -> tuple[str, list[str]] | None:
        raw = self._store.get(self._key(saga_id))
        if raw is None:
            return None
        status, completed = json.loads(raw)
        return status, completed

    def _write(self, saga_id: str, status: str, completed: list[str]) -> None:
        self._store[self._key(saga_id)] = json.dumps([status, completed])

    def status(self, saga_id: str) -> str | None:
        found = self._read(saga_id)
        return None if found is None else found[0]

    def run(self, saga_id: str) -> str:
        with self._claims_changed:
            while saga_id in self._claims:
                self._claims_changed.wait()
            self._claims.add(saga_id)
        try:
            return self._drive(saga_id)
        finally:
            with self._claims_changed:
                self._claims.discard(saga_id)
                self._claims_changed.notify_all()

    def _drive(self, saga_id: str) -> str:
        found = self._read(saga_id)
        if found is None:
            found = (RUNNING, [])
            self._write(saga_id, *found)
        status, completed = found
        if status == RUNNING:
            status = self._forwards(saga_id, completed)
        if status in (COMPENSATING, FAILED):
            status = self._backwards(saga_id, completed)
        return status

    def _forwards(self, saga_id: str, completed: list[str]) -> str:
        for step in self._steps[len(completed) :]:
            try:
                step.action(saga_id)
            except Exception:
                self._write(saga_id, COMPENSATING, completed)
                return COMPENSATING
            completed.append(step.name)
            self._write(saga_id, RUNNING, completed)
        self._write(saga_id, COMPLETED, completed)
        return COMPLETED

    def _backwards(self, saga_id: str, completed: list[str]) -> str:
        while completed:
            step = self._by_name[completed[-1]]
            if step.compensation is not None and not self._undo(step.compensation, saga_id):
                self._write(saga_id, FAILED, completed)
                raise CompensationFailed(saga_id, step.name)
            completed.pop()
            self._write(saga_id, COMPENSATING, completed)
        self._write(saga_id, COMPENSATED, completed)
        return COMPENSATED

    def _undo(self, compensation: Action, saga_id: str) -> bool:
        for _ in range(self._attempts):
            try:
                compensation(saga_id)
            except Exception:
                continue
            return True
        return False

    def resume_all(self) -> dict[str, str]:
        unfinished = [
            key[len("saga:") :]
            for key in list(self._store)
            if key.startswith("saga:") and self.status(key[len("saga:") :]) not in _FINISHED
        ]
        outcome: dict[str, str] = {}
        for saga_id in unfinished:
            try:
                outcome[saga_id] = self.run(saga_id)
            except CompensationFailed:
                outcome[saga_id] = FAILED
        return outcome
