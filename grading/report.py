"""What a person sees after a run: a table per kata and part, then what to fix next."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from grading.score import KataResult, PartResult, Score

NOT_STARTED = "not implemented yet (NotImplementedError)"
MAX_FAILURES_SHOWN = 5


def _fraction_style(points: float, max_points: float) -> str:
    if points >= max_points:
        return "green"
    return "yellow" if points > 0 else "red"


def score_table(score: Score, title: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    table.add_column("Kata")
    table.add_column("Level")
    table.add_column("Part")
    table.add_column("Tests", justify="right")
    table.add_column("Points", justify="right")
    for kata in score.katas:
        for index, part in enumerate(kata.parts):
            passed = sum(t.passed for t in part.tests)
            style = _fraction_style(part.points, part.max_points)
            table.add_row(
                kata.id if index == 0 else "",
                part.level,
                part.id,
                f"{passed}/{len(part.tests)}",
                Text(f"{part.points:g}/{part.max_points}", style=style),
            )
        table.add_row(
            "",
            "",
            Text("total", style="bold"),
            "",
            Text(
                f"{kata.points:g}/{kata.max_points}",
                style="bold " + _fraction_style(kata.points, kata.max_points),
            ),
            end_section=True,
        )
    return table


def first_unfinished_part(kata: KataResult) -> PartResult | None:
    return next((p for p in kata.parts if p.failed), None)


def next_steps(kata: KataResult, hints_taken: dict[str, int] | None = None) -> list[Text]:
    """Hidden-test style: which behaviours broke in the first unfinished part, and its hint."""
    lines: list[Text] = []
    if kata.problem:
        lines.append(Text(f"  ! {kata.problem}", style="red"))
    part = first_unfinished_part(kata)
    if part is None:
        return lines
    failed = list(part.failed)
    if all(t.reason == NOT_STARTED for t in kata.tests):
        lines.append(Text(f"  not started: edit the {kata.id} module (`kata start {kata.id}`)"))
        return lines
    lines.append(Text(f"  part {part.id} ({part.title}):", style="bold"))
    for test in failed[:MAX_FAILURES_SHOWN]:
        line = Text("    ✗ ", style="red")
        line.append(f"[{test.category}] {test.description}")
        if test.reason and test.reason != test.description:
            line.append(f" — {test.reason}", style="dim")
        lines.append(line)
    if len(failed) > MAX_FAILURES_SHOWN:
        lines.append(Text(f"    … and {len(failed) - MAX_FAILURES_SHOWN} more in this part"))
    # The first hint is free; each `kata hint` reveals (and records) one more.
    taken = (hints_taken or {}).get(part.id, 0)
    shown = min(taken + 1, len(part.hints))
    lines.append(Text(f"    hint {shown}/{len(part.hints)}: {part.hints[shown - 1]}", style="cyan"))
    if shown < len(part.hints):
        lines.append(Text(f"    (`kata hint {kata.id}` for the next one)", style="dim"))
    return lines


def print_report(
    score: Score,
    mode: str,
    console: Console | None = None,
    hints_taken: dict[str, dict[str, int]] | None = None,
) -> None:
    console = console or Console()
    console.print(score_table(score, f"Backend Kata Kit — {mode}"))
    for kata in score.katas:
        steps = next_steps(kata, (hints_taken or {}).get(kata.id))
        if steps:
            console.print(Text(kata.id, style="bold"))
            for line in steps:
                console.print(line)
    style = _fraction_style(score.points, score.max_points)
    console.print(
        Text(
            f"Progress: {score.percent:g}% ({score.points:g}/{score.max_points} points)",
            style="bold " + style,
        )
    )
