"""`kata dojo`: a team coding dojo. One workspace per participant, one kata, a time-box, and a
leaderboard: a terminal table and an HTML page for a projector.

Each save a participant makes is graded once (unchanged files come from the cache) and kept in
the dojo's history with a traffic light per part: green when every test of the part passes,
amber when some do, red when none do. Participants are ranked by points, then by who reached
those points first (the time of the save, not of the grading). The time-box is hard: at the
deadline the board stops, and saves made after it do not count.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table
from rich.text import Text

from grading import paths
from grading.metadata import Kata, kata_by_slug
from grading.runner import RunOptions, in_parallel
from grading.score import KataResult
from grading.workspace_runs import run_workspace_katas

DOJO_FILE = "dojo.json"
HISTORY_FILE = "history.json"
NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PAGE_REFRESH_SECONDS = 5
HISTORY_SHOWN = 30
LIGHTS = {"green": "#2e7d32", "amber": "#f9a825", "red": "#c62828"}
RICH_LIGHTS = {"green": "green", "amber": "yellow", "red": "red"}


class DojoError(ValueError):
    """A dojo that cannot be set up or read; the message says why."""


@dataclass
class Dojo:
    kata: str
    minutes: float
    participants: list[str]
    started_at: float | None = None

    def remaining(self, now: float) -> float:
        if self.started_at is None:
            return self.minutes * 60
        return max(0.0, self.started_at + self.minutes * 60 - now)

    @property
    def deadline(self) -> float | None:
        return None if self.started_at is None else self.started_at + self.minutes * 60


@dataclass(frozen=True)
class Save:
    """One graded save: when it was made, what it scored, a light per part."""

    at: float
    digest: str
    points: float
    passed: int
    tests: int
    lights: dict[str, str] = field(default_factory=dict)

    @property
    def light(self) -> str:
        values = set(self.lights.values())
        return "green" if values == {"green"} else "red" if values <= {"red"} else "amber"


@dataclass(frozen=True)
class Standing:
    rank: int
    name: str
    points: float
    max_points: int
    passed: int
    tests: int
    parts_done: int
    parts: int
    lights: tuple[str, ...] = ()
    history: tuple[Save, ...] = ()
    reached_at: float | None = None


def dojo_path(directory: Path) -> Path:
    return directory / DOJO_FILE


def init(directory: Path, kata: Kata, minutes: float, names: list[str]) -> Dojo:
    if dojo_path(directory).exists():
        raise DojoError(f"{dojo_path(directory)} exists: pick another --dir or remove it")
    bad = [n for n in names if not NAME.match(n)]
    if bad or not names:
        raise DojoError(f"participant names must be letters, digits, - or _: {bad or 'none given'}")
    if len(set(names)) != len(names):
        raise DojoError("participant names must be unique")
    if minutes <= 0:
        raise DojoError("--minutes must be positive")
    for name in names:
        workspace = directory / name
        workspace.mkdir(parents=True, exist_ok=True)
        target = paths.workspace_module(kata.slug, workspace)
        if not target.exists():
            shutil.copyfile(paths.stub_path(kata.slug), target)
    dojo = Dojo(kata.slug, minutes, names)
    save(directory, dojo)
    return dojo


def save(directory: Path, dojo: Dojo) -> None:
    dojo_path(directory).write_text(json.dumps(asdict(dojo), indent=2) + "\n")


def load(directory: Path) -> Dojo:
    path = dojo_path(directory)
    if not path.exists():
        raise DojoError(f"no dojo in {directory}: `kata dojo init NAME... --kata SLUG` starts one")
    try:
        data = json.loads(path.read_text())
        if not isinstance(data, dict):
            raise TypeError("it must hold an object")
        dojo = Dojo(**data)
        if not isinstance(dojo.participants, list) or not isinstance(dojo.minutes, int | float):
            raise TypeError("participants must be a list and minutes a number")
    except (ValueError, TypeError) as exc:
        raise DojoError(f"{path} is unreadable ({exc})") from None
    kata_by_slug(dojo.kata)
    return dojo


def load_history(directory: Path) -> dict[str, list[Save]]:
    path = directory / HISTORY_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {name: [Save(**entry) for entry in saves] for name, saves in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # no history yet, or one that cannot be read: it starts again


def _save_history(directory: Path, history: dict[str, list[Save]]) -> None:
    data = {name: [asdict(s) for s in saves] for name, saves in history.items()}
    (directory / HISTORY_FILE).write_text(json.dumps(data) + "\n", encoding="utf-8")


def _lights(result: KataResult) -> dict[str, str]:
    lights = {}
    for part in result.parts:
        passed = sum(t.passed for t in part.tests)
        full = bool(part.tests) and passed == len(part.tests)
        lights[part.id] = "green" if full else "amber" if passed else "red"
    return lights


def _graded(kata: Kata, workspace: Path, timeout: float) -> Save | None:
    module = paths.workspace_module(kata.slug, workspace)
    try:
        digest = hashlib.sha256(module.read_bytes()).hexdigest()
        saved_at = module.stat().st_mtime
    except OSError:
        return None
    options = RunOptions(workspace=workspace.resolve(), kata_timeout=timeout)
    result = run_workspace_katas((kata,), options, Console(quiet=True), live=False)[0].result
    if not result.started:
        return None  # still the stub: not a save of the participant's
    passed = sum(t.passed for t in result.tests)
    return Save(saved_at, digest, result.points, passed, len(result.tests), _lights(result))


def _changed(kata: Kata, workspace: Path, saves: list[Save]) -> bool:
    module = paths.workspace_module(kata.slug, workspace)
    try:
        digest = hashlib.sha256(module.read_bytes()).hexdigest()
    except OSError:
        return False
    return not saves or saves[-1].digest != digest


def grade_saves(
    directory: Path, dojo: Dojo, timeout: float, deadline: float | None = None
) -> dict[str, list[Save]]:
    """Grade each participant's new save (if any) and add it to the history.

    A save made after `deadline` is not graded: the time-box is over for it.
    """
    kata = kata_by_slug(dojo.kata)
    history = load_history(directory)

    def grade(name: str) -> None:
        workspace = directory / name
        saves = history.setdefault(name, [])
        if not _changed(kata, workspace, saves):
            return
        made = _graded(kata, workspace, timeout)
        if made is not None and (deadline is None or made.at <= deadline):
            saves.append(made)

    in_parallel(tuple(dojo.participants), grade, None)  # type: ignore[arg-type]
    _save_history(directory, history)
    return history


def _reached_at(saves: list[Save], points: float) -> float | None:
    """When the participant first reached the points they hold now."""
    return next((s.at for s in saves if s.points >= points), None)


def standings(
    directory: Path, dojo: Dojo, timeout: float, jobs: int | None = None
) -> list[Standing]:
    kata = kata_by_slug(dojo.kata)
    history = grade_saves(directory, dojo, timeout, dojo.deadline)
    rows = []
    for name in dojo.participants:
        saves = history.get(name, [])
        last = saves[-1] if saves else None
        points = last.points if last else 0.0
        lights = tuple((last.lights if last else {}).get(p.id, "red") for p in kata.parts)
        reached = _reached_at(saves, points) if points > 0 else None
        order = (-points, reached if reached is not None else float("inf"), name)
        rows.append(
            (
                order,
                Standing(
                    0,
                    name,
                    points,
                    kata.max_points,
                    last.passed if last else 0,
                    last.tests if last else 0,
                    lights.count("green"),
                    len(kata.parts),
                    lights,
                    tuple(saves[-HISTORY_SHOWN:]),
                    reached,
                ),
            )
        )
    rows.sort(key=lambda row: row[0])
    return [replace(row, rank=rank) for rank, (_, row) in enumerate(rows, start=1)]


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def _dots(lights: tuple[str, ...] | list[str]) -> Text:
    text = Text()
    for light in lights:
        text.append("●", style=RICH_LIGHTS[light])
    return text


def board_table(dojo: Dojo, rows: list[Standing], now: float) -> Table:
    title = f"Dojo: {dojo.kata} — {_clock(dojo.remaining(now))} left"
    table = Table(title=title, title_justify="left")
    table.add_column("#", no_wrap=True)
    table.add_column("Participant", no_wrap=True)
    table.add_column("Points", no_wrap=True, justify="right")
    table.add_column("Parts", no_wrap=True)
    table.add_column("Saves", overflow="fold")
    for row in rows:
        table.add_row(
            str(row.rank),
            row.name,
            f"{row.points:g}/{row.max_points}",
            _dots(row.lights),
            _dots([s.light for s in row.history]),
        )
    return table


def _html_history(kata: Kata, row: Standing) -> str:
    marks = []
    for made in row.history:
        when = time.strftime("%H:%M:%S", time.localtime(made.at))
        parts = ", ".join(f"{p}: {light}" for p, light in made.lights.items())
        title = f"{when} · {made.points:g}/{kata.max_points} · {parts}"
        marks.append(f'<span class="save {made.light}" title="{html.escape(title)}"></span>')
    return "".join(marks) or '<span class="none">no save yet</span>'


def board_html(dojo: Dojo, rows: list[Standing], now: float) -> str:
    kata = kata_by_slug(dojo.kata)
    head = "".join(f"<th>{html.escape(p.id)}</th>" for p in kata.parts)
    body = "\n".join(
        f'<tr><td class="rank">{r.rank}</td><td class="name">{html.escape(r.name)}</td>'
        f"<td>{r.points:g}/{r.max_points}</td>"
        + "".join(
            f'<td><span class="light {light}" title="{html.escape(p.id)}: {light}"></span></td>'
            for p, light in zip(kata.parts, r.lights, strict=True)
        )
        + f'<td class="history">{_html_history(kata, r)}</td></tr>'
        for r in rows
    )
    deadline_ms = int((dojo.deadline or now + dojo.remaining(now)) * 1000)
    running = "true" if dojo.started_at is not None else "false"
    updated = time.strftime("%H:%M:%S", time.localtime(now))
    refresh = "" if dojo.remaining(now) <= 0 and dojo.started_at else (
        f'<meta http-equiv="refresh" content="{PAGE_REFRESH_SECONDS}">'
    )  # fmt: skip
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
{refresh}
<title>Dojo leaderboard: {html.escape(dojo.kata)}</title>
<style>
body {{ font: 26px system-ui, sans-serif; background: #111; color: #eee; margin: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ padding: .35em .6em; border-bottom: 1px solid #444; text-align: left; }}
th {{ font-size: 60%; color: #aaa; font-weight: normal; }}
tbody tr:first-child td.name {{ color: #ffd54f; }}
#clock {{ font-size: 300%; font-variant-numeric: tabular-nums; margin: 0; }}
#clock.up {{ color: #ef5350; }}
.light {{ display: inline-block; width: 1em; height: 1em; border-radius: 50%; }}
.save {{ display: inline-block; width: .6em; height: 1em; margin-right: 2px; }}
.green {{ background: {LIGHTS["green"]}; }} .amber {{ background: {LIGHTS["amber"]}; }}
.red {{ background: {LIGHTS["red"]}; }}
.none, #updated {{ color: #888; font-size: 60%; }}
</style></head>
<body><h1>Dojo: {html.escape(dojo.kata)}</h1>
<p id="clock" data-deadline="{deadline_ms}" data-running="{running}">{_clock(dojo.remaining(now))}
</p>
<table><thead><tr><th>#</th><th>Participant</th><th>Points</th>{head}<th>Saves</th>
</tr></thead><tbody>
{body}
</tbody></table>
<p id="updated">updated at {updated}</p>
<script>
const clock = document.getElementById("clock");
const deadline = Number(clock.dataset.deadline);
function tick() {{
  if (clock.dataset.running !== "true") return;
  const left = Math.max(0, Math.floor((deadline - Date.now()) / 1000));
  const pad = (n) => String(n).padStart(2, "0");
  clock.textContent = left > 0 ? pad(Math.floor(left / 60)) + ":" + pad(left % 60) : "time is up";
  clock.className = left > 0 ? "" : "up";
}}
tick();
setInterval(tick, 250);
</script>
</body></html>
"""


def publish(directory: Path, dojo: Dojo, rows: list[Standing], page: Path) -> Table:
    now = time.time()
    page.write_text(board_html(dojo, rows, now), encoding="utf-8")
    return board_table(dojo, rows, now)


def run(directory: Path, page: Path, refresh: float, timeout: float, console: Console) -> int:
    """Start the time-box (if not started), refresh the board until the deadline, then stop."""
    dojo = load(directory)
    if dojo.started_at is None:
        dojo.started_at = time.time()
        save(directory, dojo)
    deadline = dojo.started_at + dojo.minutes * 60
    with Live(console=console, refresh_per_second=2) as live:
        while True:
            rows = standings(directory, dojo, timeout)
            live.update(publish(directory, dojo, rows, page))
            if time.time() >= deadline:
                break
            wake = min(time.time() + refresh, deadline)
            while time.time() < wake:
                live.update(board_table(dojo, rows, time.time()))
                time.sleep(min(0.5, max(0.0, wake - time.time())))
    console.print(f"time is up: final board in {page}")
    return 0
