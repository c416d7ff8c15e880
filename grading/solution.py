"""Load the learner's solution for a kata, lazily and defensively.

A kata's tests hold `solution = load_solution("slug")` at module level. Nothing is imported until a
test touches an attribute, so a broken solution (syntax error, exception or `sys.exit` at import, a
missing class) fails the tests that need it with a one-line reason instead of breaking collection.
"""

from __future__ import annotations

import contextlib
import importlib.util
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from grading import paths
from grading.guard import check, guard_module

Mode = Literal["workspace", "reference"]


class SolutionUnavailable(Exception):
    """The solution module cannot give what a test asked for; the message says why."""


@dataclass(frozen=True)
class SourceConfig:
    """Which file each kata's tests run against."""

    mode: Mode = "workspace"
    workspace: Path = field(default_factory=paths.workspace_dir)
    overrides: dict[str, Path] = field(default_factory=dict)

    def path_for(self, slug: str) -> Path:
        if slug in self.overrides:
            return self.overrides[slug]
        if self.mode == "reference":
            return paths.reference_path(slug)
        candidate = paths.workspace_module(slug, self.workspace)
        return candidate if candidate.exists() else paths.stub_path(slug)

    def describe(self) -> str:
        if self.mode == "reference":
            text = f"reference ({paths.REFERENCE_DIR})"
        else:
            text = f"workspace {self.workspace} (the stub where a kata has no module there)"
        if self.overrides:
            text += "; " + ", ".join(f"{k}={v}" for k, v in sorted(self.overrides.items()))
        return text


_config = SourceConfig()
_cache: dict[str, ModuleType | SolutionUnavailable] = {}
_lock = threading.Lock()


def configure(config: SourceConfig) -> None:
    global _config
    with _lock:
        _config = config
        _cache.clear()


def current_config() -> SourceConfig:
    return _config


def _describe_import_failure(path: Path, exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return f"{path.name} line {exc.lineno}: SyntaxError: {exc.msg}"
    if isinstance(exc, SystemExit):
        return f"{path.name} called exit({exc.code!r}) while being imported"
    if type(exc).__name__ == "Failed" and str(exc).startswith("Timeout"):
        return f"importing {path.name} did not finish in time (a loop at module level?)"
    return f"importing {path.name} raised {type(exc).__name__}: {exc}"


def _import(slug: str) -> ModuleType:
    with _lock:
        cached = _cache.get(slug)
        if isinstance(cached, ModuleType):
            return cached
        if cached is not None:
            raise cached
        path = _config.path_for(slug)
        try:
            module = _exec_module(slug, path)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            failure = SolutionUnavailable(_describe_import_failure(path, exc))
            _cache[slug] = failure
            raise failure from None
        _cache[slug] = module
        return module


def _exec_module(slug: str, path: Path) -> ModuleType:
    if not path.is_file():
        raise FileNotFoundError(f"no solution file at {path}")
    name = f"kata_solution_{slug}"
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
    guard_module(module)
    return module


class Solution:
    """Attribute access on this object reaches into the kata's solution module."""

    def __init__(self, slug: str) -> None:
        self._slug = slug

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        module = _import(self._slug)
        try:
            value = getattr(module, name)
        except AttributeError:
            path = Path(module.__file__ or self._slug)
            raise SolutionUnavailable(
                f"{path.name} defines no `{name}`: keep the names the stub declares"
            ) from None
        check(value, name)
        return value

    def preload(self) -> None:
        """Import now (outside any frozen clock); a failure is kept for the tests to report."""
        with contextlib.suppress(SolutionUnavailable):
            _import(self._slug)

    def __repr__(self) -> str:
        return f"<solution for {self._slug}: {_config.path_for(self._slug)}>"


def load_solution(slug: str) -> Solution:
    return Solution(slug)
