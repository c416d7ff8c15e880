"""The record a kata's test run leaves behind: one JSON object per line, appended as tests finish.

Appending line by line means a run that crashes or is killed still leaves every finished result.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CollectedTest:
    nodeid: str
    kata: str
    part: str
    category: str
    description: str


@dataclass(frozen=True)
class TestOutcome:
    nodeid: str
    passed: bool
    reason: str
    duration: float


class ResultsWriter:
    def __init__(self, path: Path) -> None:
        self._file = path.open("a", encoding="utf-8")

    def _write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps(record, sort_keys=True) + "\n")
        self._file.flush()

    def collected(self, tests: list[CollectedTest]) -> None:
        self._write({"event": "collected", "tests": [asdict(t) for t in tests]})

    def outcome(self, outcome: TestOutcome) -> None:
        self._write({"event": "test", **asdict(outcome)})

    def finished(self, exitstatus: int) -> None:
        self._write({"event": "finished", "exitstatus": exitstatus})

    def close(self) -> None:
        self._file.close()


@dataclass
class RunRecord:
    collected: list[CollectedTest]
    outcomes: dict[str, TestOutcome]
    finished: bool


def read_records(path: Path) -> RunRecord:
    record = RunRecord(collected=[], outcomes={}, finished=False)
    if not path.exists():
        return record
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a kill
        event = data.pop("event", None)
        if event == "collected":
            record.collected = [CollectedTest(**t) for t in data["tests"]]
        elif event == "test":
            outcome = TestOutcome(**data)
            record.outcomes[outcome.nodeid] = outcome
        elif event == "finished":
            record.finished = True
    return record
