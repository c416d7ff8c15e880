"""The `kata` command (also `python -m grading`): every way a person uses the kit by hand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from grading import __version__, paths
from grading.learner import (
    CliError,
    cmd_hint,
    cmd_list,
    cmd_reset,
    cmd_score,
    cmd_solution,
    cmd_start,
    cmd_test,
    test_and_report,
    workspace_of,
)
from grading.metadata import MetadataError, UnknownKata, select_katas
from grading.progress import ProgressError
from grading.runner import DEFAULT_KATA_TIMEOUT

# The grader, the dojo, the interview and the watcher are imported by their commands only: a
# learner's `kata hint` should not wait for modules it never uses.
LAZY_ERRORS = (
    ("grading.sandbox", "SubmissionError"),
    ("grading.dojo", "DojoError"),
    ("grading.interview", "InterviewError"),
)
DEFAULT_INTERVIEW_MINUTES = 45.0


def user_errors() -> tuple[type[Exception], ...]:
    """Errors that are the user's to fix: one line, exit code 2. A lazily imported module can
    raise only once imported, so only those are looked up."""
    found: list[type[Exception]] = [
        CliError,
        UnknownKata,
        MetadataError,
        ProgressError,
        paths.KitNotFound,
    ]
    for module, name in LAZY_ERRORS:
        if module in sys.modules:
            found.append(getattr(sys.modules[module], name))
    return tuple(found)


def _workspace_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--workspace",
        metavar="DIR",
        help=f"workspace directory (default ${paths.WORKSPACE_ENV}, else found upwards)",
    )


def _timeout_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_KATA_TIMEOUT,
        metavar="S",
        help="CPU seconds for one kata's whole run (the wall clock allows 5 times as much)",
    )


def _run_options(parser: argparse.ArgumentParser) -> None:
    _workspace_option(parser)
    _timeout_option(parser)
    parser.add_argument("--reference", action="store_true", help="run the reference solutions")
    parser.add_argument("--reveal", action="store_true", help="show full pytest output")
    parser.add_argument("--categories", metavar="CAT[,CAT]", help="run only these categories")
    parser.add_argument("--redis-url", metavar="URL", help="a real Redis server, not fakeredis")
    parser.add_argument("--jobs", type=int, metavar="N", help="katas run in parallel")
    parser.add_argument("--json", metavar="PATH", help="also write the score as JSON here")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kata", description="Backend Kata Kit")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    listing = commands.add_parser("list", help="katas with level, tags, parts and your progress")
    _workspace_option(listing)

    start = commands.add_parser("start", help="copy a kata's stub into the workspace")
    start.add_argument("slug", metavar="SLUG")
    _workspace_option(start)

    test = commands.add_parser("test", help="run katas against your workspace and score them")
    test.add_argument("slugs", nargs="*", metavar="SLUG", help="katas to run (default: all)")
    _run_options(test)
    test.add_argument("--tag", metavar="TAG", help="only katas with this tag (e.g. redis)")
    test.add_argument("--fail-under", type=float, metavar="PCT", help="exit 1 below this score")

    hint = commands.add_parser("hint", help="the next hint for the first failing part")
    hint.add_argument("slug", metavar="SLUG")
    _workspace_option(hint)
    _timeout_option(hint)

    watcher = commands.add_parser("watch", help="rerun a kata each time you save it")
    watcher.add_argument("slugs", nargs="*", metavar="SLUG", help="katas to watch (default: all)")
    watcher.add_argument("--poll", action="store_true", help="poll instead of file events")
    _run_options(watcher)

    reset = commands.add_parser("reset", help="put a kata's stub back (after confirmation)")
    reset.add_argument("slug", nargs="?", metavar="SLUG")
    reset.add_argument("--all", action="store_true", help="every kata in the workspace")
    reset.add_argument("--yes", action="store_true", help="do not ask")
    _workspace_option(reset)

    solution = commands.add_parser("solution", help="show the reference (recorded)")
    solution.add_argument("slug", metavar="SLUG")
    solution.add_argument("--yes", action="store_true", help="do not ask")
    _workspace_option(solution)

    score = commands.add_parser("score", help="progress table, total and history")
    score.add_argument("--last", type=int, default=10, metavar="N", help="history lines shown")
    _workspace_option(score)

    interview_ = commands.add_parser("interview", help="a timed mock round, part by part")
    interview_.add_argument("slug", metavar="SLUG")
    interview_.add_argument("--restart", action="store_true", help="start the round again")
    interview_.add_argument(
        "--minutes",
        type=float,
        default=DEFAULT_INTERVIEW_MINUTES,
        metavar="M",
        help="the round's cap",
    )
    interview_.add_argument(
        "--check", action="store_true", help="check once and return (no live clock)"
    )
    _workspace_option(interview_)
    _timeout_option(interview_)

    dojo_ = commands.add_parser("dojo", help="a team coding dojo with a leaderboard")
    dojo_commands = dojo_.add_subparsers(dest="dojo_command", metavar="STEP", required=True)
    dojo_init = dojo_commands.add_parser("init", help="one workspace per participant")
    dojo_init.add_argument("names", nargs="+", metavar="NAME")
    dojo_init.add_argument("--kata", required=True, metavar="SLUG")
    dojo_init.add_argument("--minutes", type=float, default=30, metavar="M")
    for name, text in (("run", "start the time-box and refresh the board"), ("board", "one board")):
        step = dojo_commands.add_parser(name, help=text)
        step.add_argument("--html", metavar="PATH", help="leaderboard page (default DIR/board)")
        _timeout_option(step)
        if name == "run":
            step.add_argument(
                "--refresh", type=float, default=5, metavar="S", help="seconds between checks"
            )
    for step in dojo_commands.choices.values():
        step.add_argument("--dir", default="dojo", metavar="DIR", help="the dojo (default ./dojo)")

    grader = commands.add_parser("grade", help="grade a submission (CI): reports in --out")
    grader.add_argument("submission", metavar="SUBMISSION", help="a workspace or a kit checkout")
    grader.add_argument("--kata", action="append", default=[], metavar="SLUG", help="only these")
    grader.add_argument("--out", default="kata-results", metavar="DIR", help="where reports go")
    grader.add_argument("--extra-tests", metavar="DIR", help="a private pack: DIR/<slug>/test_*.py")
    grader.add_argument("--fail-under", type=float, metavar="PCT", help="exit 1 below this score")
    grader.add_argument("--jobs", type=int, metavar="N", help="katas graded in parallel")
    grader.add_argument(
        "--hide-test-code",
        action="store_true",
        help="leave the tests' source out of results.json (it shows expected values)",
    )
    grader.add_argument("--unsafe", action="store_true", help="grade even where no sandbox works")
    _timeout_option(grader)
    return parser


def cmd_watch(args: argparse.Namespace, console: Console) -> int:
    from grading.watch import watch

    args.fail_under = None
    workspace = workspace_of(args)
    if not workspace.is_dir():
        raise CliError(f"workspace {workspace} does not exist: `kata start SLUG` creates it")
    return watch(
        workspace,
        args,
        console,
        lambda katas: test_and_report(katas, args, console, live=False),
    )


def cmd_dojo(args: argparse.Namespace, console: Console) -> int:
    from grading import dojo

    directory = Path(args.dir).resolve()
    if args.dojo_command == "init":
        kata = select_katas([args.kata])[0]
        made = dojo.init(directory, kata, args.minutes, args.names)
        console.print(f"dojo for {made.kata}: {len(made.participants)} workspaces in {directory}")
        console.print(f"`kata dojo run --dir {args.dir}` starts the {args.minutes:g}-minute clock")
        return 0
    page = Path(args.html).resolve() if args.html else directory / "board.html"
    if args.dojo_command == "run":
        return dojo.run(directory, page, args.refresh, args.timeout, console)
    state = dojo.load(directory)
    rows = dojo.standings(directory, state, args.timeout, None)
    console.print(dojo.publish(directory, state, rows, page))
    console.print(f"leaderboard page: {page}")
    return 0


def cmd_grade(args: argparse.Namespace, console: Console) -> int:
    from grading.formats import strip_test_code
    from grading.grade import GradeOptions, grade, isolation_line
    from grading.report import print_report
    from grading.sandbox import submission_workspace

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
        unsafe=args.unsafe,
    )
    console.print(isolation_line(options), markup=False, soft_wrap=True)
    score, _ = grade(katas, options)
    if args.hide_test_code:
        strip_test_code(options.out / "results.json")
    print_report(score, f"grade {submission}", console)
    console.print(
        f"reports in {options.out}: score.json results.json gradescope.json junit.xml summary.md"
    )
    if args.fail_under is not None and score.percent < args.fail_under:
        return 1
    return 0


def cmd_interview(args: argparse.Namespace, console: Console) -> int:
    from grading.interview import interview

    kata = select_katas([args.slug])[0]
    return interview(
        kata,
        workspace_of(args),
        args.restart,
        args.timeout,
        console,
        cap_minutes=args.minutes,
        once=args.check,
    )


COMMANDS = {
    "list": cmd_list,
    "start": cmd_start,
    "test": cmd_test,
    "hint": cmd_hint,
    "watch": cmd_watch,
    "reset": cmd_reset,
    "solution": cmd_solution,
    "score": cmd_score,
    "interview": cmd_interview,
    "dojo": cmd_dojo,
    "grade": cmd_grade,
}


def main(argv: list[str] | None = None) -> int:
    console = Console()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    try:
        if not any(paths.KATAS_DIR.glob("*/kata.toml")):
            raise paths.KitNotFound(
                f"no katas in {paths.KIT_ROOT}: run inside a kit checkout, set "
                f"{paths.KIT_ROOT_ENV}, or reinstall the kit (its wheel carries the katas)"
            )
        return COMMANDS[args.command](args, console)
    except Exception as exc:
        if not isinstance(exc, user_errors()):
            raise
        message = exc.args[0] if exc.args else str(exc)
        print(f"kata: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
