"""`kata interview SLUG`: a timed mock round. Parts are revealed one at a time; each run checks
the revealed parts, and when the current one goes green its time is recorded and the next is
revealed. The state lives in the workspace, so the round survives editor restarts."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console
from rich.table import Table

from grading import paths
from grading.metadata import Kata
from grading.runner import RunOptions, run_kata

STATE_FILE = ".kata-interview.json"


class InterviewError(ValueError):
    """An interview state file that cannot be read."""


@dataclass
class Round:
    started_at: float
    revealed: int = 1
    part_seconds: dict[str, float] = field(default_factory=dict)
    last_green_at: float | None = None


def _state_path(workspace: Path) -> Path:
    return workspace / STATE_FILE


def _load(workspace: Path) -> dict[str, Round]:
    path = _state_path(workspace)
    if not path.exists():
        return {}
    try:
        return {slug: Round(**entry) for slug, entry in json.loads(path.read_text()).items()}
    except (ValueError, TypeError, AttributeError) as exc:
        raise InterviewError(f"{path} is unreadable ({exc}); move it aside to start over") from None


def _save(workspace: Path, rounds: dict[str, Round]) -> None:
    data = {slug: asdict(r) for slug, r in rounds.items()}
    _state_path(workspace).write_text(json.dumps(data, indent=2) + "\n")


def _elapsed(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s"


def _reveal(kata: Kata, index: int, console: Console) -> None:
    part = kata.parts[index]
    console.print(
        f"[bold]Part {index + 1}/{len(kata.parts)}: {part.id}[/bold] ({part.level}, "
        f"{part.points} points) — {part.title}"
    )
    console.print(f"  statement: {kata.directory / 'README.md'} (section Parts, `{part.id}`)")


def _summary(kata: Kata, state: Round, console: Console) -> None:
    table = Table(title=f"Interview round: {kata.slug}")
    table.add_column("Part")
    table.add_column("Level")
    table.add_column("Time")
    for part in kata.parts:
        seconds = state.part_seconds.get(part.id)
        table.add_row(part.id, part.level, _elapsed(seconds) if seconds is not None else "—")
    console.print(table)
    console.print(f"total: {_elapsed(sum(state.part_seconds.values()))}")


def interview(kata: Kata, workspace: Path, restart: bool, timeout: float, console: Console) -> int:
    workspace.mkdir(parents=True, exist_ok=True)
    module = paths.workspace_module(kata.slug, workspace)
    if not module.exists():
        shutil.copyfile(paths.stub_path(kata.slug), module)
        console.print(f"created {module} from the stub")
    rounds = _load(workspace)
    if restart or kata.slug not in rounds:
        rounds[kata.slug] = Round(started_at=time.time())
        _save(workspace, rounds)
        console.print(f"interview round started: {kata.title}")
        _reveal(kata, 0, console)
        return 0
    state = rounds[kata.slug]
    if len(state.part_seconds) == len(kata.parts):
        _summary(kata, state, console)
        return 0
    revealed = kata.parts[: state.revealed]
    current = revealed[-1]
    options = RunOptions(
        workspace=workspace, kata_timeout=timeout, parts=",".join(p.id for p in revealed)
    )
    part = next(p for p in run_kata(kata, options).result.parts if p.id == current.id)
    if part.failed or not part.tests:
        passed = sum(t.passed for t in part.tests)
        console.print(f"part {current.id}: {passed}/{len(part.tests)} tests pass; keep going")
        for test in part.failed[:5]:
            console.print(f"  ✗ [{test.category}] {test.description}", markup=False)
        console.print(f"  elapsed: {_elapsed(time.time() - state.started_at)}")
        return 0
    now = time.time()
    state.part_seconds[current.id] = round(now - (state.last_green_at or state.started_at), 1)
    state.last_green_at = now
    console.print(f"part {current.id} is green in {_elapsed(state.part_seconds[current.id])}")
    if state.revealed == len(kata.parts):
        _save(workspace, rounds)
        _summary(kata, state, console)
        return 0
    state.revealed += 1
    _save(workspace, rounds)
    _reveal(kata, state.revealed - 1, console)
    return 0
