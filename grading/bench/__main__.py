"""python -m grading.bench [SLUG ...] [--repeats N] [--output PATH]: what `nox -s bench` runs."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console

from grading import paths
from grading.bench import caches, limiters, redis_backed, report, resilience, structures
from grading.bench.measure import Entry, Result, measure

FAMILIES: tuple[Callable[[], list[Entry]], ...] = (
    caches.comparisons,
    limiters.comparisons,
    redis_backed.comparisons,
    resilience.comparisons,
    structures.comparisons,
)
DEFAULT_OUTPUT = paths.KIT_ROOT / "docs" / "benchmarks.md"


def run(slugs: Sequence[str], repeats: int, console: Console) -> list[Result]:
    results: list[Result] = []
    for family in FAMILIES:
        for entry in family():
            if slugs and entry.kata not in slugs:
                continue
            if isinstance(entry, Result):
                results.append(entry)
                continue
            with console.status(f"{entry.kata} vs {entry.library}"):
                results.append(measure(entry, repeats))
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grading.bench",
        description="Each reference solution against the library doing the same job.",
    )
    parser.add_argument("slugs", nargs="*", metavar="SLUG", help="only these katas")
    parser.add_argument("--repeats", type=int, default=7, help="runs per side (default 7)")
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"write the Markdown table here (default {DEFAULT_OUTPUT.relative_to(paths.KIT_ROOT)}"
        " when no SLUG is given)",
    )
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    console = Console()
    if not console.is_terminal:
        console = Console(width=140)  # a log or a pipe: keep the table's rows on one line each
    started = time.perf_counter()
    results = run(args.slugs, args.repeats, console)
    report.print_results(results, args.repeats, console)
    output = args.output or (None if args.slugs else DEFAULT_OUTPUT)
    if output is not None:
        output.write_text(report.markdown(results, args.repeats), encoding="utf-8")
        console.print(f"wrote {output}")
    console.print(f"[dim]{time.perf_counter() - started:.1f} s[/]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
