"""The `kata` command (also `python -m grading`): run katas, list them, start one."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

from rich.console import Console

from grading import paths
from grading.grade import GradeOptions, grade
from grading.metadata import MetadataError, UnknownKata, all_katas, select_katas
from grading.report import print_report
from grading.runner import DEFAULT_KATA_TIMEOUT, RunOptions, run_katas, total
from grading.sandbox import SubmissionError, isolation_name, submission_workspace
from grading.score import score_json


class CliError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def _add_source_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reference", action="store_true", help="run the reference solutions")
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help=f"workspace directory (default ${paths.WORKSPACE_ENV} or ./{paths.DEFAULT_WORKSPACE})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kata", description="Backend Kata Kit")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    test = commands.add_parser("test", help="run katas against your workspace and score them")
    test.add_argument("slugs", nargs="*", metavar="SLUG", help="katas to run (default: all)")
    _add_source_options(test)
    test.add_argument("--json", metavar="PATH", help="also write the score as JSON here")
    test.add_argument("--reveal", action="store_true", help="show full pytest output")
    test.add_argument("--categories", metavar="CAT[,CAT]", help="run only these categories")
    test.add_argument("--redis-url", metavar="URL", help="a real Redis server instead of fakeredis")
    test.add_argument(
        "--jobs", type=int, metavar="N", help="katas run in parallel (default: cores)"
    )
    test.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_KATA_TIMEOUT,
        metavar="S",
        help="limit for one kata's whole run, in seconds",
    )
    test.add_argument("--fail-under", type=float, metavar="PCT", help="exit 1 below this score")

    grade = commands.add_parser("grade", help="grade a submission (CI): score files in --out")
    grade.add_argument("submission", metavar="SUBMISSION", help="a workspace, or a kit checkout")
    grade.add_argument("--kata", action="append", default=[], metavar="SLUG", help="only these")
    grade.add_argument("--out", default="kata-results", metavar="DIR", help="where reports go")
    grade.add_argument("--extra-tests", metavar="DIR", help="a private pack: DIR/<slug>/test_*.py")
    grade.add_argument("--fail-under", type=float, metavar="PCT", help="exit 1 below this score")
    grade.add_argument("--jobs", type=int, metavar="N", help="katas graded in parallel")
    grade.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_KATA_TIMEOUT,
        metavar="S",
        help="limit for one kata's whole run, in seconds",
    )

    commands.add_parser("list", help="the katas, with level, tags and parts")

    start = commands.add_parser("start", help="copy a kata's stub into the workspace")
    start.add_argument("slug", metavar="SLUG")
    start.add_argument("--workspace", metavar="DIR", help="workspace directory")
    return parser


def _workspace_option(value: str | None) -> Path | None:
    if value is None:
        return None
    path = Path(value).expanduser().resolve()
    if not path.is_dir():
        raise CliError(f"workspace {value} is not a directory")
    return path


def cmd_test(args: argparse.Namespace, console: Console) -> int:
    katas = select_katas(args.slugs)
    options = RunOptions(
        reference=args.reference,
        workspace=_workspace_option(args.workspace),
        reveal=args.reveal,
        kata_timeout=args.timeout,
        categories=args.categories,
        redis_url=args.redis_url,
    )
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    runs = run_katas(katas, options, args.jobs)
    if args.reveal:
        for run in runs:
            console.rule(run.result.id)
            console.print(run.output, markup=False, highlight=False)
    score = total(runs)
    mode = "reference" if args.reference else f"workspace {paths.workspace_dir(args.workspace)}"
    print_report(score, mode, console)
    if args.json:
        Path(args.json).write_text(json.dumps(score_json(score, options.mode), indent=2) + "\n")
    if args.fail_under is not None and score.percent < args.fail_under:
        return 1
    return 0


def cmd_grade(args: argparse.Namespace, console: Console) -> int:
    katas = select_katas(args.kata)
    submission = Path(args.submission).expanduser().resolve()
    extra = Path(args.extra_tests).expanduser().resolve() if args.extra_tests else None
    if extra is not None and not extra.is_dir():
        raise CliError(f"--extra-tests {args.extra_tests} is not a directory")
    if args.jobs is not None and args.jobs < 1:
        raise CliError("--jobs must be at least 1")
    options = GradeOptions(
        submission=submission,
        workspace=submission_workspace(submission),
        out=Path(args.out).expanduser().resolve(),
        extra_tests=extra,
        kata_timeout=args.timeout,
        jobs=args.jobs,
    )
    console.print(f"isolation: {isolation_name()}")
    score, _ = grade(katas, options)
    print_report(score, f"grade {submission}", console)
    console.print(
        f"reports: {options.out}/{{score.json,results.json,gradescope.json,junit.xml,summary.md}}"
    )
    if args.fail_under is not None and score.percent < args.fail_under:
        return 1
    return 0


def cmd_list(console: Console) -> int:
    from rich.table import Table

    table = Table(title="Katas")
    for column in ("Kata", "Level", "Tags", "Parts"):
        table.add_column(column)
    for kata in all_katas():
        parts = ", ".join(f"{p.id} ({p.level}, {p.points})" for p in kata.parts)
        table.add_row(kata.slug, kata.level, ", ".join(kata.tags), parts)
    console.print(table)
    return 0


def cmd_start(args: argparse.Namespace, console: Console) -> int:
    kata = select_katas([args.slug])[0]
    workspace = paths.workspace_dir(args.workspace)
    target = paths.workspace_module(kata.slug, workspace)
    if target.exists():
        console.print(f"{target} already exists: keeping your work (`kata test {kata.slug}`)")
    else:
        workspace.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(paths.stub_path(kata.slug), target)
        console.print(f"created {target} from the stub")
    console.print(f"statement: {kata.directory / 'README.md'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    console = Console()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "test":
            return cmd_test(args, console)
        if args.command == "grade":
            return cmd_grade(args, console)
        if args.command == "list":
            return cmd_list(console)
        if args.command == "start":
            return cmd_start(args, console)
        parser.print_help()
        return 2
    except (CliError, UnknownKata, MetadataError, SubmissionError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        print(f"kata: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
