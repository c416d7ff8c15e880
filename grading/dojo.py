"""`kata dojo`: a team coding dojo. One workspace per participant, one kata, a time-box, and a
leaderboard: a terminal table and a static HTML page that reloads itself for a projector."""

from __future__ import annotations

import html
import json
import re
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table

from grading import paths
from grading.metadata import Kata, kata_by_slug
from grading.runner import KataRun, RunOptions, in_parallel, run_kata

DOJO_FILE = "dojo.json"
NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
PAGE_REFRESH_SECONDS = 15


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
        dojo = Dojo(**json.loads(path.read_text()))
    except (ValueError, TypeError) as exc:
        raise DojoError(f"{path} is unreadable ({exc})") from None
    kata_by_slug(dojo.kata)
    return dojo


def standings(directory: Path, dojo: Dojo, timeout: float, jobs: int | None) -> list[Standing]:
    kata = kata_by_slug(dojo.kata)
    by_name: dict[str, KataRun] = {}

    def grade(name: str) -> KataRun:
        options = RunOptions(workspace=(directory / name).resolve(), kata_timeout=timeout)
        by_name[name] = run_kata(kata, options)
        return by_name[name]

    workers = jobs
    in_parallel(tuple(dojo.participants), grade, workers)  # type: ignore[arg-type]
    rows = []
    for name in dojo.participants:
        result = by_name[name].result
        rows.append(
            (
                -result.points,
                name,
                result.points,
                result.max_points,
                sum(t.passed for t in result.tests),
                len(result.tests),
                sum(not p.failed for p in result.parts),
                len(result.parts),
            )
        )
    rows.sort()
    return [Standing(rank, *row[1:]) for rank, row in enumerate(rows, start=1)]


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes:02d}:{secs:02d}"


def board_table(dojo: Dojo, rows: list[Standing], now: float) -> Table:
    title = f"Dojo: {dojo.kata} — {_clock(dojo.remaining(now))} left"
    table = Table(title=title)
    for column in ("#", "Participant", "Points", "Tests", "Parts done"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row.rank),
            row.name,
            f"{row.points:g}/{row.max_points}",
            f"{row.passed}/{row.tests}",
            f"{row.parts_done}/{row.parts}",
        )
    return table


def board_html(dojo: Dojo, rows: list[Standing], now: float) -> str:
    body = "\n".join(
        f"<tr><td>{r.rank}</td><td>{html.escape(r.name)}</td><td>{r.points:g}/{r.max_points}</td>"
        f"<td>{r.passed}/{r.tests}</td><td>{r.parts_done}/{r.parts}</td></tr>"
        for r in rows
    )
    left = _clock(dojo.remaining(now))
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="{PAGE_REFRESH_SECONDS}">
<title>Dojo leaderboard: {html.escape(dojo.kata)}</title>
<style>
body {{ font: 28px system-ui, sans-serif; background: #111; color: #eee; margin: 2em; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ padding: .4em .8em; border-bottom: 1px solid #444; text-align: left; }}
tr:first-child td {{ color: #ffd54f; }}
</style></head>
<body><h1>Dojo: {html.escape(dojo.kata)}</h1>
<p id="left">{left} left</p>
<table><thead><tr><th>#</th><th>Participant</th><th>Points</th><th>Tests</th><th>Parts done</th>
</tr></thead><tbody>
{body}
</tbody></table></body></html>
"""


def publish(directory: Path, dojo: Dojo, rows: list[Standing], page: Path) -> Table:
    now = time.time()
    page.write_text(board_html(dojo, rows, now), encoding="utf-8")
    return board_table(dojo, rows, now)


def run(directory: Path, page: Path, refresh: float, timeout: float, console: Console) -> int:
    """Start the time-box (if not started), refresh the board until it ends, show the final one."""
    dojo = load(directory)
    if dojo.started_at is None:
        dojo.started_at = time.time()
        save(directory, dojo)
    with Live(console=console, refresh_per_second=2) as live:
        while True:
            rows = standings(directory, dojo, timeout, None)
            live.update(publish(directory, dojo, rows, page))
            if dojo.remaining(time.time()) <= 0:
                break
            deadline = min(time.time() + refresh, dojo.started_at + dojo.minutes * 60)
            while time.time() < deadline:
                live.update(board_table(dojo, rows, time.time()))
                time.sleep(0.5)
    console.print(f"time is up: final board in {page}")
    return 0
