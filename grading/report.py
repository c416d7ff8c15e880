"""What a person sees after a run: a table per kata and part, then what to fix next.

It fits 80 columns: kata names are never cut, long lines wrap under their own indent, and a
parametrized test that fails for several parameters is one line listing them. A run over many
katas opens the ones named in `expanded` and folds the others to one row each.
"""

from __future__ import annotations

from collections.abc import Collection

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text

from grading.score import KataResult, PartResult, Score, TestResult

NOT_STARTED = "not implemented yet (NotImplementedError)"
MAX_FAILURES_SHOWN = 5
MAX_PARAMETERS_SHOWN = 3


def _fraction_style(points: float, max_points: float) -> str:
    if points >= max_points:
        return "green"
    return "yellow" if points > 0 else "red"


def not_started(kata: KataResult) -> bool:
    return not kata.started


def _points(points: float, max_points: int, bold: bool = False) -> Text:
    style = _fraction_style(points, max_points)
    return Text(f"{points:g}/{max_points}", style=("bold " if bold else "") + style)


def score_table(score: Score, title: str, expanded: Collection[str] | None = None) -> Table:
    """Part rows for expanded katas (all when `expanded` is None), one row for the others."""
    shown = [k for k in score.katas if not not_started(k)]
    table = Table(title=title, title_justify="left", show_lines=False)
    widest = max((len(k.id) for k in shown), default=4)
    table.add_column("Kata", no_wrap=True, min_width=widest)
    table.add_column("Level", no_wrap=True)
    table.add_column("Part", no_wrap=True)
    table.add_column("Tests", justify="right", no_wrap=True)
    table.add_column("Points", justify="right", no_wrap=True)
    for kata in shown:
        passed = sum(t.passed for t in kata.tests)
        if (expanded is not None and kata.id not in expanded) or not kata.tests:
            done = sum(bool(p.tests) and not p.failed for p in kata.parts)
            table.add_row(
                kata.id,
                kata.level,
                f"{done}/{len(kata.parts)} parts" if kata.tests else "not run",
                f"{passed}/{len(kata.tests)}",
                _points(kata.points, kata.max_points),
            )
            continue
        for index, part in enumerate(kata.parts):
            part_passed = sum(t.passed for t in part.tests)
            table.add_row(
                kata.id if index == 0 else "",
                part.level,
                part.id,
                f"{part_passed}/{len(part.tests)}",
                _points(part.points, part.max_points),
            )
        table.add_row(
            "",
            "",
            Text("total", style="bold"),
            "",
            _points(kata.points, kata.max_points, bold=True),
            end_section=True,
        )
    return table


def first_unfinished_part(kata: KataResult) -> PartResult | None:
    if not_started(kata) or (kata.problem and not kata.tests):
        return kata.parts[0] if kata.parts else None
    return next((p for p in kata.parts if p.failed), None)


class Hanging:
    """`prefix` then `body`, whose wrapped lines start under the body, not at column 0."""

    def __init__(self, prefix: Text, body: Text, indent: int) -> None:
        self.prefix, self.body, self.indent = prefix, body, indent

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lead = self.indent + self.prefix.cell_len
        width = max(20, options.max_width - lead)
        for number, line in enumerate(self.body.wrap(console, width)):
            start = Text(" " * self.indent) + self.prefix if number == 0 else Text(" " * lead)
            line.rstrip()
            yield start + line


def hanging(prefix: str, text: str | Text, indent: int = 0, style: str = "") -> Hanging:
    body = text if isinstance(text, Text) else Text(text)
    return Hanging(Text(prefix, style=style), body, indent)


def _parameter(test: TestResult) -> str:
    return test.id[test.id.index("[") :] if "[" in test.id else ""


def _grouped(failed: list[TestResult]) -> list[tuple[TestResult, list[str]]]:
    """One entry per behaviour: a parametrized test failing for several parameters is one."""
    groups: dict[tuple[str, str, str], tuple[TestResult, list[str]]] = {}
    for test in failed:
        key = (test.id.split("[", 1)[0], test.description, test.reason)
        _, parameters = groups.setdefault(key, (test, []))
        if _parameter(test):
            parameters.append(_parameter(test))
    return list(groups.values())


def _failure_text(test: TestResult, parameters: list[str]) -> Text:
    line = Text(f"[{test.category}] {test.description}")
    if parameters:
        listed = ", ".join(parameters[:MAX_PARAMETERS_SHOWN])
        more = len(parameters) - MAX_PARAMETERS_SHOWN
        listed += f" and {more} more" if more > 0 else ""
        line.append(f" {listed}", style="dim")
    if test.reason and test.reason != test.description:
        line.append(f" — {test.reason}", style="dim")
    return line


def next_steps(kata: KataResult, hints_taken: dict[str, int] | None = None) -> list[RenderableType]:
    """Hidden-test style: which behaviours broke in the first unfinished part, and its hint."""
    lines: list[RenderableType] = []
    if kata.problem:
        lines.append(hanging("  ! ", Text(kata.problem, style="red"), style="red"))
    if not_started(kata):
        text = f"not started: no module yet, or still the stub (`kata start {kata.id}`)"
        lines.append(hanging("  ", text))
        return lines
    part = first_unfinished_part(kata)
    if part is None or not part.failed:
        return lines
    failed = list(part.failed)
    if all(t.reason == NOT_STARTED for t in kata.tests):
        lines.append(hanging("  ", f"not started: edit the {kata.id} module"))
        return lines
    lines.append(Text(f"  part {part.id} ({part.title}):", style="bold"))
    groups = _grouped(failed)
    for test, parameters in groups[:MAX_FAILURES_SHOWN]:
        lines.append(hanging("✗ ", _failure_text(test, parameters), indent=4, style="red"))
    if len(groups) > MAX_FAILURES_SHOWN:
        lines.append(Text(f"    … and {len(groups) - MAX_FAILURES_SHOWN} more in this part"))
    # The first hint is free; each `kata hint` reveals (and records) one more.
    taken = (hints_taken or {}).get(part.id, 0)
    shown = min(taken + 1, len(part.hints))
    label = f"hint {shown}/{len(part.hints)}: "
    lines.append(hanging(label, part.hints[shown - 1], indent=4, style="cyan"))
    if shown < len(part.hints):
        lines.append(Text(f"    (`kata hint {kata.id}` for the next one)", style="dim"))
    return lines


def print_report(
    score: Score,
    mode: str,
    console: Console | None = None,
    hints_taken: dict[str, dict[str, int]] | None = None,
    expanded: Collection[str] | None = None,
) -> None:
    """The table, next steps for the expanded katas, a line for those not started, the total."""
    console = console or Console()
    waiting = [k.id for k in score.katas if not_started(k)]
    if len(waiting) < len(score.katas):
        console.print(score_table(score, f"Backend Kata Kit — {mode}", expanded))
    for kata in score.katas:
        if expanded is not None and kata.id not in expanded and not kata.problem:
            continue
        if not_started(kata) and len(waiting) > 1:
            continue
        steps = next_steps(kata, (hints_taken or {}).get(kata.id))
        if steps:
            console.print(Text(kata.id, style="bold"))
            for line in steps:
                console.print(line)
    if len(waiting) > 1:
        console.print(
            Text(
                f"{len(waiting)} katas not started (`kata list` shows them)",
                style="dim",
            )
        )
    if any(k.started and expanded is not None and k.id not in expanded for k in score.katas):
        console.print(Text("`kata test SLUG` shows one kata's parts and hints", style="dim"))
    console.print(
        Text(
            f"Progress: {score.percent:g}% ({score.points:g}/{score.max_points} points)",
            style="bold " + _fraction_style(score.points, score.max_points),
        )
    )
