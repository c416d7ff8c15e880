"""Where the kit's pieces live on disk, and where the learner's workspace is."""

from __future__ import annotations

import os
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
KATAS_DIR = KIT_ROOT / "katas"
REFERENCE_DIR = KIT_ROOT / "reference"
WORKSPACE_ENV = "KATA_WORKSPACE"
DEFAULT_WORKSPACE = "workspace"


def workspace_dir(option: str | None = None) -> Path:
    """The workspace: the option if given, else $KATA_WORKSPACE, else ./workspace."""
    chosen = option or os.environ.get(WORKSPACE_ENV) or DEFAULT_WORKSPACE
    return Path(chosen).expanduser().resolve()


def kata_dir(slug: str) -> Path:
    return KATAS_DIR / slug


def stub_path(slug: str) -> Path:
    return KATAS_DIR / slug / "stub.py"


def reference_path(slug: str) -> Path:
    return REFERENCE_DIR / f"{slug}.py"


def workspace_module(slug: str, workspace: Path) -> Path:
    return workspace / f"{slug}.py"
