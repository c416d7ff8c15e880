"""Where the kit's pieces live on disk, and where the learner's workspace is.

The kit root is found the way git finds a repository: `$KATA_KIT_ROOT`, else the nearest folder
at or above the current directory that holds a kit (`katas/` beside `pyproject.toml`), else the
checkout this package was imported from, else the katas installed with the package (a wheel
carries them in `grading/kit/`).
"""

from __future__ import annotations

import os
from pathlib import Path

KIT_ROOT_ENV = "KATA_KIT_ROOT"
WORKSPACE_ENV = "KATA_WORKSPACE"
DEFAULT_WORKSPACE = "workspace"
PROGRESS_MARKER = ".kata-progress.json"
PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_KIT = PACKAGE_DIR / "kit"


class KitNotFound(LookupError):
    """No kit or workspace where one is needed; the message says how to point at one."""


def is_kit(folder: Path) -> bool:
    return (folder / "katas").is_dir() and (folder / "pyproject.toml").is_file()


def _upwards(start: Path) -> list[Path]:
    return [start, *start.parents]


def find_kit_root(cwd: Path | None = None) -> Path:
    chosen = os.environ.get(KIT_ROOT_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    here = (cwd or Path.cwd()).resolve()
    for folder in _upwards(here):
        if is_kit(folder):
            return folder
    if is_kit(PACKAGE_DIR.parent):
        return PACKAGE_DIR.parent
    return BUNDLED_KIT


def _cwd_or_none() -> Path | None:
    try:
        return Path.cwd()
    except OSError:  # the current directory was removed
        return Path(os.sep)


KIT_ROOT = find_kit_root(_cwd_or_none())
KATAS_DIR = (KIT_ROOT / "katas").resolve()
REFERENCE_DIR = (KIT_ROOT / "reference").resolve()


def find_workspace(cwd: Path | None = None) -> Path | None:
    """The nearest workspace at or above `cwd`: a folder holding the progress file, or a kit's
    `workspace/` folder (where `kata start` puts it)."""
    here = (cwd or Path.cwd()).resolve()
    for folder in _upwards(here):
        if (folder / PROGRESS_MARKER).is_file():
            return folder
        if is_kit(folder):
            return folder / DEFAULT_WORKSPACE
    return None


def workspace_dir(option: str | None = None) -> Path:
    """The workspace: the option if given, else $KATA_WORKSPACE, else the one found upwards,
    else the kit's `workspace/`."""
    chosen = option or os.environ.get(WORKSPACE_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    found = find_workspace()
    if found is not None:
        return found
    return KIT_ROOT / DEFAULT_WORKSPACE


def learner_workspace(option: str | None = None) -> Path:
    """As workspace_dir, but outside any kit with no workspace named, say so instead of
    putting one inside the installed package."""
    workspace = workspace_dir(option)
    if not (option or os.environ.get(WORKSPACE_ENV)) and BUNDLED_KIT in workspace.parents:
        raise KitNotFound(
            "no workspace here or above: run inside a kit checkout, or pass --workspace DIR "
            f"(or set {WORKSPACE_ENV})"
        )
    return workspace


def kata_dir(slug: str) -> Path:
    return KATAS_DIR / slug


def stub_path(slug: str) -> Path:
    return KATAS_DIR / slug / "stub.py"


def reference_path(slug: str) -> Path:
    return REFERENCE_DIR / f"{slug}.py"


def workspace_module(slug: str, workspace: Path) -> Path:
    return workspace / f"{slug}.py"


def bytecode_cache() -> Path | None:
    """Where local kata runs keep compiled modules, outside the kit and the workspace.

    Compiling the grading package and a kata's tests afresh costs each run about a second; a
    per-user cache removes that. None when no such folder can be made: runs then compile afresh.
    """
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "backend-kata-kit" / "bytecode"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None
