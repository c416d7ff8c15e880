"""Importing a solution file as a module, and saying in one line why it failed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def describe_import_failure(path: Path, exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"{path.name} line {exc.lineno}: SyntaxError: {exc.msg}"
    if isinstance(exc, SystemExit):
        return f"{path.name} called exit({exc.code!r}) while being imported"
    if type(exc).__name__ == "Failed" and str(exc).startswith("Timeout"):
        return f"importing {path.name} did not finish in time (a loop at module level?)"
    return f"importing {path.name} raised {type(exc).__name__}: {exc}"


def import_file(name: str, path: Path) -> ModuleType:
    """Run `path` as module `name`; on failure the module is not left in `sys.modules`."""
    if not path.is_file():
        raise FileNotFoundError(f"no solution file at {path}")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered before running so dataclasses and pickling inside the solution can find it.
    sys.modules[name] = module
    try:
        # Compiled from the file every time: a cached .pyc is trusted by its source's mtime to
        # the second, and a learner may save twice within one.
        code = compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        exec(code, module.__dict__)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module
