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


def load(workspace: Path) -> Progress:
    path = progress_path(workspace)
    if not path.exists():
        return Progress()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"format_version {data.get('format_version')!r}")
        katas = {slug: KataProgress(**entry) for slug, entry in data["katas"].items()}
        history = list(data["history"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ProgressError(
            f"{path} is unreadable ({exc}); move it aside to start a new progress record"
        ) from None
    return Progress(katas, history)


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
