"""The learner's commands: list, start, test, hint, reset, solution, score, watch."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

from rich import box
from rich.console import Console
from rich.prompt import Confirm
from rich.table import Table

from grading import paths, progress
from grading.metadata import Kata, all_katas, select_katas
from grading.report import first_unfinished_part, hanging, print_report
from grading.runner import KataRun, RunOptions, total
from grading.score import score_json
from grading.workspace_runs import run_workspace_katas


class CliError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def workspace_of(args: argparse.Namespace) -> Path:
    return paths.learner_workspace(getattr(args, "workspace", None))


def existing_workspace(args: argparse.Namespace) -> Path:
    workspace = workspace_of(args)
    if not workspace.is_dir():
        raise CliError(f"workspace {workspace} does not exist: `kata start SLUG` creates it")
    return workspace


def confirm(question: str, args: argparse.Namespace, console: Console) -> bool:
    if getattr(args, "yes", False):
        return True
    try:
        return Confirm.ask(question, console=console, default=False)
    except EOFError:
        return False


def _found_record(args: argparse.Namespace) -> progress.Progress:
    """The learner's progress where a workspace exists; an empty record anywhere else."""
    try:
        workspace = workspace_of(args)
    except paths.KitNotFound:
        return progress.Progress()
    return progress.load(workspace) if workspace.is_dir() else progress.Progress()


def _kata_column(table: Table, katas: tuple[Kata, ...]) -> None:
    """Kata names are never cut, whatever the terminal's width."""
    widest = max((len(k.slug) for k in katas), default=4)
    table.add_column("Kata", no_wrap=True, min_width=widest)


def cmd_list(args: argparse.Namespace, console: Console) -> int:
    record = _found_record(args)
    katas = all_katas()
    table = Table(title="Katas", box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    _kata_column(table, katas)
    table.add_column("Level", no_wrap=True)
    table.add_column("Parts", ratio=3, overflow="fold")
    table.add_column("Tags", ratio=2, style="dim", overflow="fold")
    table.add_column("Done", no_wrap=True, justify="right")
    for kata in katas:
        parts = ", ".join(p.id for p in kata.parts)
        entry = record.katas.get(kata.slug)
        done = f"{entry.points:g}/{kata.max_points}" if entry else "—"
        table.add_row(kata.slug, kata.level, parts, ", ".join(kata.tags), done)
    console.print(table)
    console.print("`kata start SLUG` begins one", style="dim")
    return 0


def cmd_start(args: argparse.Namespace, console: Console) -> int:
    kata = select_katas([args.slug])[0]
    workspace = workspace_of(args)
    target = paths.workspace_module(kata.slug, workspace)
    if target.exists():
        console.print(f"{target} already exists: keeping your work (`kata test {kata.slug}`)")
    else:
        workspace.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.stub_path(kata.slug), target)
        console.print(f"created {target} from the stub")
    if not progress.progress_path(workspace).exists():
        # The progress file marks the folder as a workspace for commands run inside it.
        progress.save(workspace, progress.Progress())
    console.print(f"statement: {kata.directory / 'README.md'}", soft_wrap=True)
    console.rule()
    from rich.markdown import Markdown  # markdown-it is slow to import; only `start` needs it

    console.print(Markdown((kata.directory / "README.md").read_text(encoding="utf-8")))
    return 0


def run_options(args: argparse.Namespace, workspace: Path | None) -> RunOptions:
    return RunOptions(
        reference=args.reference,
        workspace=workspace,
        reveal=args.reveal,
        kata_timeout=args.timeout,
        categories=args.categories,
        redis_url=args.redis_url,
    )


def touched_order(katas: tuple[Kata, ...], workspace: Path | None) -> tuple[Kata, ...]:
    """The katas whose module was saved last come first; the rest keep the catalog's order."""
    if workspace is None:
        return katas

    def saved_at(kata: Kata) -> float:
        try:
            return paths.workspace_module(kata.slug, workspace).stat().st_mtime
        except OSError:
            return 0.0

    return tuple(sorted(katas, key=lambda kata: -saved_at(kata)))


def test_and_report(
    katas: tuple[Kata, ...],
    args: argparse.Namespace,
    console: Console,
    named: bool = True,
    live: bool = True,
) -> list[KataRun]:
    """Run, print the hidden-style report, and keep the learner's progress.

    With katas `named` on the command line every one is shown in full; otherwise the kata
    touched last is, and the others fold to a row each.
    """
    workspace = None if args.reference else workspace_of(args)
    if args.workspace and workspace is not None and not workspace.is_dir():
        raise CliError(f"workspace {args.workspace} is not a directory")
    record = progress.load(workspace) if workspace and workspace.is_dir() else None
    options = run_options(args, workspace)
    if not named:
        katas = touched_order(katas, workspace)
    runs = run_workspace_katas(katas, options, console, args.jobs, live=live)
    if args.reveal:
        for run in runs:
            if run.output:
                console.rule(run.result.id)
                console.print(run.output, markup=False, highlight=False)
    score = total(runs)
    hints = {slug: entry.hints for slug, entry in record.katas.items()} if record else {}
    mode = "reference" if args.reference else f"workspace {workspace}"
    expanded = None if named else [r.result.id for r in runs if r.result.started][:1]
    print_report(score, mode, console, hints, expanded)
    if record is not None and workspace is not None and not args.categories:
        # A kata not begun has nothing to record, unless it was reset since its last run.
        results = [
            (r.id, r.points, r.max_points) for r in score.katas if r.started or r.id in record.katas
        ]
        if results:
            progress.record_run(record, results)
            progress.save(workspace, record)
    if args.json:
        report = score_json(score, options.mode)
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
    return runs


def cmd_test(args: argparse.Namespace, console: Console) -> int:
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    katas = select_katas(args.slugs)
    if args.tag:
        katas = tuple(k for k in katas if args.tag in k.tags)
        if not katas:
            raise CliError(f"no kata has the tag {args.tag!r}")
    runs = test_and_report(katas, args, console, named=bool(args.slugs))
    score = total(runs)
    if args.fail_under is not None and score.percent < args.fail_under:
        return 1
    return 0


def cmd_hint(args: argparse.Namespace, console: Console) -> int:
    kata = select_katas([args.slug])[0]
    workspace = existing_workspace(args)
    record = progress.load(workspace)
    options = RunOptions(workspace=workspace, kata_timeout=args.timeout)
    result = run_workspace_katas((kata,), options, console)[0].result
    if result.problem and not result.tests:
        console.print(hanging(f"{kata.slug}: fix this first: ", result.problem))
        return 0
    part = first_unfinished_part(result)
    if part is None:
        console.print(f"{kata.slug}: every part passes, no hint needed")
        return 0
    entry = record.kata(kata.slug)
    taken = entry.hints.get(part.id, 0)
    if taken + 1 >= len(part.hints):
        console.print(f"part {part.id}: all {len(part.hints)} hints are out:")
        for number, hint in enumerate(part.hints, start=1):
            console.print(hanging(f"{number}. ", hint, indent=2))
        console.print(f"`kata solution {kata.slug}` shows the reference")
        return 0
    entry.hints[part.id] = taken + 1
    progress.save(workspace, record)
    label = f"part {part.id}, hint {taken + 2}/{len(part.hints)}: "
    console.print(hanging(label, part.hints[taken + 1]))
    return 0


def cmd_reset(args: argparse.Namespace, console: Console) -> int:
    if args.all == bool(args.slug):
        raise CliError("name one kata to reset, or pass --all")
    workspace = existing_workspace(args)
    katas = all_katas() if args.all else select_katas([args.slug])
    targets = [k for k in katas if paths.workspace_module(k.slug, workspace).exists()]
    if not targets:
        console.print("nothing to reset")
        return 0
    names = ", ".join(k.slug for k in targets)
    if not confirm(f"Replace your work on {names} with the stub?", args, console):
        console.print("left as it was")
        return 1
    for kata in targets:
        shutil.copyfile(paths.stub_path(kata.slug), paths.workspace_module(kata.slug, workspace))
    console.print(f"reset {names}")
    return 0


def cmd_solution(args: argparse.Namespace, console: Console) -> int:
    kata = select_katas([args.slug])[0]
    workspace = workspace_of(args)
    record = progress.load(workspace) if workspace.is_dir() else progress.Progress()
    if not confirm(f"Show the reference for {kata.slug}? It is recorded.", args, console):
        console.print("not shown")
        return 1
    record.kata(kata.slug).peeked = True
    progress.save(workspace, record)
    source_path = paths.reference_path(kata.slug)
    console.print(f"reference: {source_path}", soft_wrap=True)
    source = source_path.read_text(encoding="utf-8")
    from rich.syntax import Syntax  # pygments is slow to import; only `solution` needs it

    console.print(Syntax(source, "python", line_numbers=True, word_wrap=True))
    return 0


def cmd_score(args: argparse.Namespace, console: Console) -> int:
    workspace = existing_workspace(args)
    record = progress.load(workspace)
    katas = all_katas()
    table = Table(title=f"Progress in {workspace}", box=box.SIMPLE_HEAD, title_justify="left")
    _kata_column(table, katas)
    for column in ("Level", "Points", "Hints", "Peeked"):
        table.add_column(column, no_wrap=True, justify="left" if column == "Level" else "right")
    earned = 0.0
    available = 0
    for kata in katas:
        entry = record.katas.get(kata.slug)
        available += kata.max_points
        earned += entry.points if entry else 0.0
        table.add_row(
            kata.slug,
            kata.level,
            f"{entry.points:g}/{kata.max_points}" if entry else f"—/{kata.max_points}",
            str(record.hints_taken(kata.slug)),
            "yes" if entry and entry.peeked else "",
        )
    console.print(table)
    percent = round(100 * earned / available, 2) if available else 0.0
    console.print(f"Total: {percent:g}% ({earned:g}/{available} points)")
    if record.history:
        history = Table(title="History (latest last)")
        history.add_column("When")
        history.add_column("Points")
        history.add_column("Katas run")
        for line in record.history[-args.last :]:
            history.add_row(line["at"], f"{line['points']:g}", ", ".join(line["katas"]))
        console.print(history)
    return 0
