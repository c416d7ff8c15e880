"""`kata watch`: rerun a kata's tests each time its workspace module is saved.

It stays on the kata it was given, even once that kata passes (no surprise auto-advance).
File events come from watchfiles; where they do not work (some network and container file
systems), `--poll` or a failed watcher switches to polling.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import watchfiles
from rich.console import Console

from grading.metadata import Kata, all_katas, select_katas

DEBOUNCE_MS = 300


def _changed_katas(
    changes: set[tuple[watchfiles.Change, str]], katas: tuple[Kata, ...]
) -> list[Kata]:
    names = {Path(path).name for _, path in changes}
    return [k for k in katas if f"{k.slug}.py" in names]


def watch(
    workspace: Path,
    args: argparse.Namespace,
    console: Console,
    rerun: Callable[[tuple[Kata, ...]], object],
) -> int:
    katas = select_katas(args.slugs) if args.slugs else all_katas()
    if args.slugs:
        rerun(katas)
    mode = "polling" if args.poll else "file events"
    console.print(f"watching {workspace} ({mode}); Ctrl-C stops", style="dim")
    polling = bool(args.poll)
    while True:
        try:
            for changes in watchfiles.watch(
                workspace, debounce=DEBOUNCE_MS, force_polling=polling, raise_interrupt=False
            ):
                changed = _changed_katas(changes, katas)
                if changed:
                    console.rule(", ".join(k.slug for k in changed))
                    rerun(tuple(changed))
            return 0
        except OSError as exc:
            if polling:
                raise
            console.print(f"file events failed ({exc}); polling instead", style="yellow")
            polling = True
