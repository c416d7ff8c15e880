"""Results of past runs, kept in the workspace, so unchanged work is never run twice.

A result is reused only when everything that decides it is the same: the solution's bytes, every
file of the kata (its tests, metadata, helpers), the grading package's code and the pytest
configuration, the kit's version, the Python version and the run's options. Runs cut short by a
limit are not kept, since another try on a quieter machine may finish. CI grading never reads
this cache.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from grading import __version__, paths
from grading.runner import KataRun, RunOptions
from grading.score import KataResult, PartResult, TestResult

CACHE_DIR = ".kata-cache"
CACHE_FORMAT = 1
GRADING_DIR = Path(__file__).resolve().parent


def _tree_digest(root: Path, skip: str = "") -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        if skip and path.relative_to(root).parts[0] == skip:
            continue
        digest.update(str(path.relative_to(root)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


@cache
def grading_digest() -> str:
    """The grading code and the pytest configuration the kata processes run with."""
    # An installed wheel keeps every kata under grading/kit/: each kata is hashed on its own.
    digest = hashlib.sha256(_tree_digest(GRADING_DIR, skip="kit").encode())
    checkout = paths.KIT_ROOT / "grading"
    if checkout.is_dir() and checkout.resolve() != GRADING_DIR:
        digest.update(_tree_digest(checkout, skip="kit").encode())
    config = paths.KIT_ROOT / "pyproject.toml"
    digest.update(config.read_bytes() if config.is_file() else b"")
    return digest.hexdigest()


def run_key(solution: Path, kata_dir: Path, options: RunOptions) -> str:
    """Everything a kata's result depends on, hashed."""
    parts = {
        "format": CACHE_FORMAT,
        "kit": __version__,
        "python": sys.version,
        "grading": grading_digest(),
        "kata": _tree_digest(kata_dir),
        "solution": hashlib.sha256(solution.read_bytes()).hexdigest(),
        "options": [options.reference, options.reveal, options.categories, options.parts],
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _path(workspace: Path, slug: str) -> Path:
    return workspace / CACHE_DIR / f"{slug}.json"


def _result_from(data: dict[str, Any]) -> KataResult:
    parts = tuple(
        PartResult(
            **{
                **part,
                "hints": tuple(part["hints"]),
                "tests": tuple(TestResult(**test) for test in part["tests"]),
            }
        )
        for part in data["parts"]
    )
    return KataResult(**{**data, "parts": parts})


def load(workspace: Path, slug: str, key: str) -> KataRun | None:
    """The cached run for this key, or None (a missing, stale or damaged entry is a miss)."""
    try:
        data = json.loads(_path(workspace, slug).read_text(encoding="utf-8"))
        if data["key"] != key:
            return None
        return KataRun(_result_from(data["result"]), data["output"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def worth_keeping(run: KataRun) -> bool:
    """Only runs that finished: a limit or a crash may not happen on the next try."""
    return not run.result.problem


def store(workspace: Path, slug: str, key: str, run: KataRun) -> None:
    folder = workspace / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        # A cache is no work of the learner's: keep it out of their commits.
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        data = {"key": key, "result": asdict(run.result), "output": run.output}
        temporary = _path(workspace, slug).with_suffix(".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(_path(workspace, slug))
    except OSError:
        pass  # a read-only workspace still gets its results, only not cached
