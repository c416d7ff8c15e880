"""The record a kata's test run leaves behind: one JSON object per line, written as tests finish.

Writing line by line means a run that crashes or is killed still leaves every finished result.
Each line carries the run's token; lines without it are ignored by the reader.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

TOKEN_ENV = "KATA_RESULTS_TOKEN"
OUTPUT_KEPT = 2_000  # characters of a test's captured output kept for reports


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
    output: str = ""


def open_target(target: str) -> IO[str]:
    """`fd:N` writes to an inherited file descriptor (a pipe); anything else is a file path."""
    if target.startswith("fd:"):
        return os.fdopen(int(target[3:]), "w", encoding="utf-8")
    return Path(target).open("a", encoding="utf-8")


class ResultsWriter:
    def __init__(self, target: str, token: str = "") -> None:
        self._file = open_target(target)
        self._token = token

    def _write(self, record: dict[str, Any]) -> None:
        self._file.write(json.dumps({**record, "token": self._token}, sort_keys=True) + "\n")
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


def parse_records(text: str, token: str = "") -> RunRecord:
    """Read records; the first outcome for a test stands (a later line cannot overwrite it)."""
    record = RunRecord(collected=[], outcomes={}, finished=False)
    for line in text.splitlines():
        try:
            data = json.loads(line)
        except json.JSONDecodeError:
            continue  # a line cut short by a kill
        if not isinstance(data, dict) or data.pop("token", None) != token:
            continue
        event = data.pop("event", None)
        try:
            if event == "collected" and not record.collected:
                record.collected = [CollectedTest(**t) for t in data["tests"]]
            elif event == "test":
                outcome = TestOutcome(**data)
                record.outcomes.setdefault(outcome.nodeid, outcome)
            elif event == "finished":
                record.finished = True
        except (TypeError, KeyError):
            continue
    return record

