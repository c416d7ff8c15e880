"""`kata watch`: rerun a kata's tests each time its workspace module is saved.

It stays on the kata it was given, even once that kata passes (no surprise auto-advance). In a
terminal each run clears the screen, says it is running, and leaves a report cut to one screen
(its last line, the score, always shown).
File events come from watchfiles; where they do not work (some network and container file
systems), `--poll` or a failed watcher switches to polling.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import watchfiles
from rich.console import Console

from grading.metadata import Kata, all_katas, select_katas
from grading.paths import workspace_module
from grading.runner import stop_running

DEBOUNCE_MS = 300
# How often the watcher also compares the modules with what it last ran: a save made while a run
# was going on, or before the watcher started, is caught this way too.
CHECK_EVERY_MS = 500


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


def _changed_katas(
    changes: set[tuple[watchfiles.Change, str]], katas: tuple[Kata, ...]
) -> list[Kata]:
    names = {Path(path).name for _, path in changes}
    return [k for k in katas if f"{k.slug}.py" in names]


def _one_screen(report: str, height: int) -> str:
    lines = report.rstrip("\n").splitlines()
    if len(lines) <= height - 1:
        return report
    kept = max(1, height - 3)
    cut = len(lines) - kept - 1
    more = f"… {cut} more lines: `kata test SLUG` shows them all"
    return "\n".join([*lines[:kept], more, lines[-1]]) + "\n"


def _show_run(
    console: Console, katas: tuple[Kata, ...], rerun: Callable[[tuple[Kata, ...]], object]
) -> None:
    names = ", ".join(k.slug for k in katas)
    if not console.is_terminal:
        console.rule(names)
        rerun(katas)
        return
    console.clear()
    console.print(f"[bold]{names}[/bold]: running…")
    with console.capture() as captured:
        rerun(katas)
    console.clear()
    stamp = time.strftime("%H:%M:%S")
    console.print(f"[dim]{stamp} · {names} · saving reruns it · Ctrl-C stops[/dim]")
    console.file.write(_one_screen(captured.get(), console.height - 1))
    console.file.flush()


def _stop_on_interrupt() -> None:
    """Ctrl-C ends the watcher at once, wherever it is: waiting for saves inside watchfiles, or
    in the middle of a run, whose kata processes it stops first."""

    def stop(signum: int, frame: FrameType | None) -> None:
        stop_running()
        sys.stdout.flush()
        os._exit(0)

    signal.signal(signal.SIGINT, stop)


def watch(
    workspace: Path,
    args: argparse.Namespace,
    console: Console,
    rerun: Callable[[tuple[Kata, ...]], object],
) -> int:
    _stop_on_interrupt()
    katas = select_katas(args.slugs) if args.slugs else all_katas()
    seen = {k.slug: _signature(workspace_module(k.slug, workspace)) for k in katas}

    def run(changed: tuple[Kata, ...]) -> None:
        for kata in changed:
            seen[kata.slug] = _signature(workspace_module(kata.slug, workspace))
        _show_run(console, changed, rerun)

    if args.slugs:
        run(katas)
    mode = "polling" if args.poll else "file events"
    if not console.is_terminal or not args.slugs:
        console.print(f"watching {workspace} ({mode}); Ctrl-C stops", style="dim")
    polling = bool(args.poll)
    while True:
        try:
            for changes in watchfiles.watch(
                workspace,
                debounce=DEBOUNCE_MS,
                force_polling=polling,
                raise_interrupt=False,
                rust_timeout=CHECK_EVERY_MS,
                yield_on_timeout=True,
            ):
                changed = set(_changed_katas(changes, katas))
                changed |= {
                    k
                    for k in katas
                    if _signature(workspace_module(k.slug, workspace)) != seen[k.slug]
                }
                if changed:
                    run(tuple(k for k in katas if k in changed))
            return 0
        except OSError as exc:
            if polling:
                raise
            console.print(f"file events failed ({exc}); polling instead", style="yellow")
            polling = True
