"""`kata interview SLUG`: a timed mock round. Parts are revealed one at a time: the statement
shows only the parts so far, and when the current one goes green its time is recorded and the
next is revealed. A round has an overall cap (45 minutes unless told otherwise).

The clock counts the learner's time, not the grader's: time spent running tests is taken off,
and a part's time ends at the save that turned it green, not when its tests finished.

In a terminal the round is live: a ticking clock, a rerun on every save, a hard stop at the cap.
Elsewhere (or with `--check`) each call checks once, so the round can be driven from an editor.
The state lives in the workspace, so the round survives editor restarts.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import watchfiles
from rich.console import Console, Group
from rich.live import Live
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from grading import paths
from grading.metadata import Kata
from grading.runner import RunOptions, run_kata
from grading.score import PartResult
from grading.statement import revealed_statement

STATE_FILE = ".kata-interview.json"
DEFAULT_CAP_MINUTES = 45.0
TICK_MS = 500


class InterviewError(ValueError):
    """An interview state file that cannot be read, or a bad option."""


@dataclass
class Round:
    started_at: float
    revealed: int = 1
    part_seconds: dict[str, float] = field(default_factory=dict)
    last_green_at: float | None = None  # learner seconds at the save that turned a part green
    grader_seconds: float = 0.0
    cap_minutes: float = DEFAULT_CAP_MINUTES
    timed_out: bool = False

    def learner_seconds(self, at: float) -> float:
        """Time the learner has spent by wall-clock time `at`, the grader's time taken off."""
        return max(0.0, at - self.started_at - self.grader_seconds)

    def remaining(self, at: float) -> float:
        return max(0.0, self.cap_minutes * 60 - self.learner_seconds(at))


def _state_path(workspace: Path) -> Path:
    return workspace / STATE_FILE


def _round(entry: Any) -> Round:
    if not isinstance(entry, dict):
        raise TypeError("a round must be an object")
    known = {f.name for f in fields(Round)}
    state = Round(**{k: v for k, v in entry.items() if k in known})
    numbers = (state.started_at, state.grader_seconds, state.cap_minutes, state.revealed)
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        raise TypeError("times and counts must be numbers")
    if not isinstance(state.part_seconds, dict):
        raise TypeError("part_seconds must be an object")
    return state


def _load(workspace: Path) -> dict[str, Round]:
    path = _state_path(workspace)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise TypeError("the file must hold an object")
        return {str(slug): _round(entry) for slug, entry in data.items()}
    except (OSError, ValueError, TypeError) as exc:
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        message = f"{path} is unreadable ({reason}); move it aside to start over"
        raise InterviewError(message) from None


def _save(workspace: Path, rounds: dict[str, Round]) -> None:
    data = {slug: asdict(r) for slug, r in rounds.items()}
    _state_path(workspace).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _elapsed(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes}m{secs:02d}s"


def _reveal(kata: Kata, state: Round, console: Console) -> None:
    part = kata.parts[state.revealed - 1]
    console.print(
        f"[bold]Part {state.revealed}/{len(kata.parts)}: {part.id}[/bold] ({part.level}, "
        f"{part.points} points) — {part.title}"
    )
    readme = (kata.directory / "README.md").read_text(encoding="utf-8")
    shown = [p.id for p in kata.parts[: state.revealed]]
    console.print(Markdown(revealed_statement(readme, shown)))


def _summary(kata: Kata, state: Round, console: Console) -> None:
    table = Table(title=f"Interview round: {kata.slug}", title_justify="left")
    table.add_column("Part", no_wrap=True)
    table.add_column("Level")
    table.add_column("Time", justify="right")
    for part in kata.parts:
        seconds = state.part_seconds.get(part.id)
        table.add_row(part.id, part.level, _elapsed(seconds) if seconds is not None else "—")
    console.print(table)
    done = len(state.part_seconds)
    ended = f"time is up after {done}/{len(kata.parts)} parts; " if state.timed_out else ""
    console.print(f"{ended}total: {_elapsed(sum(state.part_seconds.values()))}")


@dataclass
class Check:
    """What one run of the revealed parts found."""

    part: PartResult
    green: bool


def _check(kata: Kata, workspace: Path, state: Round, timeout: float) -> Check:
    """Run the revealed parts; on green, end the part's time at the save that made it green."""
    module = paths.workspace_module(kata.slug, workspace)
    saved_at = module.stat().st_mtime if module.exists() else time.time()
    learner_at_save = state.learner_seconds(min(saved_at, time.time()))
    revealed = kata.parts[: state.revealed]
    options = RunOptions(
        workspace=workspace, kata_timeout=timeout, parts=",".join(p.id for p in revealed)
    )
    began = time.time()
    result = run_kata(kata, options).result
    state.grader_seconds += time.time() - began
    current = revealed[-1]
    part = next(p for p in result.parts if p.id == current.id)
    green = bool(part.tests) and not part.failed
    if green:
        # A save made before the last green (or before the round) still counts from there.
        since = state.last_green_at or 0.0
        state.part_seconds[current.id] = round(max(0.0, learner_at_save - since), 1)
        state.last_green_at = max(since, learner_at_save)
    return Check(part, green)


def _failures(check: Check) -> list[Text]:
    part = check.part
    passed = sum(t.passed for t in part.tests)
    lines = [Text(f"part {part.id}: {passed}/{len(part.tests)} tests pass; keep going")]
    for test in part.failed[:5]:
        lines.append(Text(f"  ✗ [{test.category}] {test.description}"))
    return lines


def _advance(kata: Kata, workspace: Path, rounds: dict[str, Round], console: Console) -> bool:
    """After a green part: reveal the next, or finish. True when the round is over."""
    state = rounds[kata.slug]
    current = kata.parts[state.revealed - 1]
    console.print(f"part {current.id} is green in {_elapsed(state.part_seconds[current.id])}")
    if state.revealed == len(kata.parts):
        _save(workspace, rounds)
        _summary(kata, state, console)
        return True
    state.revealed += 1
    _save(workspace, rounds)
    _reveal(kata, state, console)
    return False


def _stop_at_cap(kata: Kata, workspace: Path, rounds: dict[str, Round], console: Console) -> bool:
    state = rounds[kata.slug]
    if state.remaining(time.time()) > 0 and not state.timed_out:
        return False
    state.timed_out = True
    _save(workspace, rounds)
    _summary(kata, state, console)
    return True


def _clock_line(kata: Kata, state: Round, note: str) -> Text:
    now = time.time()
    part = kata.parts[state.revealed - 1]
    line = Text(f"Part {state.revealed}/{len(kata.parts)} {part.id} · ", style="bold")
    line.append(f"{_elapsed(state.learner_seconds(now))} spent · ")
    left = state.remaining(now)
    line.append(f"{_elapsed(left)} left", style="red" if left < 300 else "green")
    line.append(f" · {note}", style="dim")
    return line


def _live(
    kata: Kata, workspace: Path, rounds: dict[str, Round], timeout: float, console: Console
) -> int:
    """Tick the clock, rerun on each save, stop at green on every part or at the cap."""
    state = rounds[kata.slug]
    module = paths.workspace_module(kata.slug, workspace)
    note = "save to check · Ctrl-C pauses"
    detail: list[Text] = []
    with Live(console=console, refresh_per_second=4, transient=True) as live:

        def show() -> None:
            live.update(Group(*detail, _clock_line(kata, state, note)))

        show()
        for changes in watchfiles.watch(
            workspace, rust_timeout=TICK_MS, yield_on_timeout=True, raise_interrupt=False
        ):
            if _stop_at_cap(kata, workspace, rounds, live.console):
                return 0
            if any(Path(path).name == module.name for _, path in changes):
                note = "running…"
                show()
                check = _check(kata, workspace, state, timeout)
                _save(workspace, rounds)
                note = "save to check · Ctrl-C pauses"
                detail = [] if check.green else _failures(check)
                if check.green and _advance(kata, workspace, rounds, live.console):
                    return 0
            show()
    return 0


def interview(
    kata: Kata,
    workspace: Path,
    restart: bool,
    timeout: float,
    console: Console,
    cap_minutes: float,
    once: bool = False,
) -> int:
    if cap_minutes <= 0:
        raise InterviewError("--minutes must be positive")
    workspace.mkdir(parents=True, exist_ok=True)
    module = paths.workspace_module(kata.slug, workspace)
    if not module.exists():
        shutil.copyfile(paths.stub_path(kata.slug), module)
        console.print(f"created {module} from the stub")
    rounds = _load(workspace)
    live = console.is_terminal and not once
    if restart or kata.slug not in rounds:
        rounds[kata.slug] = Round(started_at=time.time(), cap_minutes=cap_minutes)
        _save(workspace, rounds)
        console.print(
            f"interview round started: {kata.title} ({cap_minutes:g} minutes; the clock stops "
            "while tests run)"
        )
        _reveal(kata, rounds[kata.slug], console)
        return _live(kata, workspace, rounds, timeout, console) if live else 0
    state = rounds[kata.slug]
    if len(state.part_seconds) == len(kata.parts) or state.timed_out:
        _summary(kata, state, console)
        return 0
    if _stop_at_cap(kata, workspace, rounds, console):
        return 0
    if live:
        _reveal(kata, state, console)
        return _live(kata, workspace, rounds, timeout, console)
    check = _check(kata, workspace, state, timeout)
    _save(workspace, rounds)
    if not check.green:
        for line in _failures(check):
            console.print(line)
        now = time.time()
        spent, left = _elapsed(state.learner_seconds(now)), _elapsed(state.remaining(now))
        console.print(f"  elapsed: {spent}, {left} left")
        return 0
    _advance(kata, workspace, rounds, console)
    return 0
