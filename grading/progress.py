"""The learner's progress, kept in a small JSON file in the workspace.

It records the latest points per kata, the hints taken, the reference solutions looked at, and a
history of runs. A file that cannot be read is reported, never overwritten.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROGRESS_FILE = ".kata-progress.json"
FORMAT_VERSION = 1
HISTORY_KEPT = 200


class ProgressError(ValueError):
    """The progress file is unreadable; the message names it and the way out."""


@dataclass
class KataProgress:
    points: float = 0.0
    max_points: int = 0
    hints: dict[str, int] = field(default_factory=dict)
    peeked: bool = False


@dataclass
class Progress:
    katas: dict[str, KataProgress] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)

    def kata(self, slug: str) -> KataProgress:
        return self.katas.setdefault(slug, KataProgress())

    def hints_taken(self, slug: str) -> int:
        return sum(self.katas[slug].hints.values()) if slug in self.katas else 0


def progress_path(workspace: Path) -> Path:
    return workspace / PROGRESS_FILE


def _number(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where} must be a number, not {type(value).__name__}")
    return float(value)


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object, not {type(value).__name__}")
    return value


def _kata_entry(slug: str, value: Any) -> KataProgress:
    where = f"katas.{slug}"
    entry = _table(value, where)
    unknown = set(entry) - {"points", "max_points", "hints", "peeked"}
    if unknown:
        raise ValueError(f"{where} has unknown keys {sorted(unknown)}")
    hints = _table(entry.get("hints", {}), f"{where}.hints")
    for part, taken in hints.items():
        if isinstance(taken, bool) or not isinstance(taken, int) or taken < 0:
            raise ValueError(f"{where}.hints.{part} must be a count")
    peeked = entry.get("peeked", False)
    if not isinstance(peeked, bool):
        raise ValueError(f"{where}.peeked must be true or false")
    return KataProgress(
        points=_number(entry.get("points", 0.0), f"{where}.points"),
        max_points=int(_number(entry.get("max_points", 0), f"{where}.max_points")),
        hints=dict(hints),
        peeked=peeked,
    )


def _history_line(index: int, value: Any) -> dict[str, Any]:
    where = f"history[{index}]"
    line = _table(value, where)
    if not isinstance(line.get("at"), str):
        raise ValueError(f"{where}.at must be a time stamp")
    _number(line.get("points"), f"{where}.points")
    if not isinstance(line.get("katas"), dict | list):
        raise ValueError(f"{where}.katas must list the katas run")
    return line


def parse(text: str) -> Progress:
    """The progress record in `text`; ValueError naming the first thing of the wrong shape."""
    data = _table(json.loads(text), "the file")
    if data.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"format_version {data.get('format_version')!r}")
    katas = _table(data.get("katas"), "katas")
    history = data.get("history")
    if not isinstance(history, list):
        raise ValueError("history must be a list")
    return Progress(
        {str(slug): _kata_entry(slug, entry) for slug, entry in katas.items()},
        [_history_line(i, line) for i, line in enumerate(history)],
    )


def load(workspace: Path) -> Progress:
    path = progress_path(workspace)
    if not path.exists():
        return Progress()
    try:
        return parse(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise ProgressError(
            f"{path} is unreadable ({reason}); move it aside to start a new progress record"
        ) from None


def save(workspace: Path, progress: Progress) -> None:
    workspace.mkdir(parents=True, exist_ok=True)
    data = {
        "format_version": FORMAT_VERSION,
        "katas": {slug: asdict(entry) for slug, entry in sorted(progress.katas.items())},
        "history": progress.history[-HISTORY_KEPT:],
    }
    path = progress_path(workspace)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    temporary.replace(path)


def record_run(progress: Progress, results: list[tuple[str, float, int]]) -> None:
    """Keep each kata's latest points and add one history line for the run."""
    for slug, points, max_points in results:
        entry = progress.kata(slug)
        entry.points, entry.max_points = points, max_points
    progress.history.append(
        {
            "at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "katas": {slug: points for slug, points, _ in results},
            "points": round(sum(entry.points for entry in progress.katas.values()), 2),
        }
    )
