"""Confine a kata's test process with bubblewrap: it sees the interpreter and its sandbox only.

The process gets new PID, mount, network, IPC and UTS namespaces. Its file system is built from
nothing: read-only binds of the system libraries, the interpreter, the virtualenv and its
site-packages, the sandbox's kit copy and solution copy, and private size-capped tmpfs for /tmp,
/dev/shm and the scratch directory. The kit checkout the grader runs from, the reference, other
checkouts, $HOME and the output directory do not exist in there. It runs as a user that owns none
of what it can see: as root a user id of its own (switched to after the mounts are made), without
root the grader's own user inside a user namespace that cannot make further ones, so no mount can
be undone. When the test process ends, the PID namespace ends every process it started, `setsid`
or not.
"""

from __future__ import annotations

import itertools
import os
import shutil
import site
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from grading import paths

MEMORY_LIMIT_BYTES = 3 * 1024**3
FILE_SIZE_LIMIT_BYTES = 64 * 1024**2
TMPFS_BYTES = 256 * 1024**2
PROCESS_LIMIT = 512  # threads count as processes for this limit
# As root each sandbox runs as a user id of its own, far above any account's, so that the process
# limit counts its processes only and no file outside it belongs to it.
SANDBOX_UID_BASE = 3_000_000_000
SYSTEM_DIRS = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/nsswitch.conf")
# What the test process may inherit from the grader's environment; the rest (CI tokens among it)
# stays out.
KEPT_ENV = frozenset({"LANG", "LC_ALL", "LC_CTYPE", "TZ", "TERM", "NO_COLOR", "COLUMNS"})
RUNNER_ENV_PREFIXES = ("PYTHON", "PYTEST", "KATA_RESULTS", "HYPOTHESIS_STORAGE")


# "own-uid": bubblewrap runs as root, makes the mounts, and the process switches to a user id of
# its own. "userns": bubblewrap makes a user namespace, which needs no root (and is what is left
# to root in a container that may not make mounts).
Mode = Literal["own-uid", "userns"]
NOBODY = "65534"


@dataclass(frozen=True)
class Isolation:
    """What the grader can do to confine submissions: `ok` is False when it cannot."""

    ok: bool
    description: str
    mode: Mode = "userns"


@dataclass(frozen=True)
class Confinement:
    """The directories one kata's process sees, besides the interpreter."""

    read_only: tuple[Path, ...]
    scratch: Path
    cwd: Path
    # Directories both the tests and the solution write (SQLite files the tests inspect).
    shared: tuple[Path, ...] = ()
    # Directories that hold read-only binds and must not be writable themselves (on sys.path).
    sealed: tuple[Path, ...] = ()
    # Directories of sockets the solution connects to (Redis relays): read-only, so that it can
    # neither list them nor change them.
    sockets: tuple[Path, ...] = ()


_uids = itertools.count()
_uids_lock = threading.Lock()


def _sandbox_uid() -> int:
    with _uids_lock:
        return SANDBOX_UID_BASE + (os.getpid() % 100_000) * 1_000 + next(_uids) % 1_000


def _inside(path: Path, directory: Path) -> bool:
    return path == directory or directory in path.parents


def python_dirs() -> list[Path]:
    """The interpreter, the virtualenv and the directories its imports come from.

    An entry that holds the kit checkout (an editable install puts the checkout on the path) is
    left out: the sandbox brings its own copy of the kit.
    """
    prefixes = {sys.prefix, sys.exec_prefix, sys.base_prefix, sys.base_exec_prefix}
    candidates = [Path(p) for p in prefixes]
    candidates += [Path(p) for p in [*site.getsitepackages(), *sys.path] if p]
    chosen: list[Path] = []
    for candidate in candidates:
        if not candidate.is_absolute() or not candidate.exists():
            continue
        for path in {candidate, candidate.resolve()}:
            if _inside(paths.KIT_ROOT, path):
                continue  # would show the checkout
            in_prefix = any(_inside(path, Path(p).resolve()) for p in prefixes)
            if _inside(path, paths.KIT_ROOT) and not in_prefix:
                continue  # a directory of the checkout itself, not a virtualenv inside it
            chosen.append(path)
    return _outermost(chosen)


def _outermost(found: list[Path]) -> list[Path]:
    kept: list[Path] = []
    for path in sorted(set(found), key=lambda p: len(p.parts)):
        if not any(_inside(path, outer) for outer in kept):
            kept.append(path)
    return kept


def _ancestors(path: Path) -> list[Path]:
    return [p for p in reversed(path.parents) if p != Path("/")]


def _parents(target: Path, made: set[Path]) -> list[str]:
    # Made world-searchable: bubblewrap would copy modes such as /root's 0700.
    steps: list[str] = []
    for parent in _ancestors(target):
        if parent not in made:
            made.add(parent)
            steps += ["--perms", "0755", "--dir", str(parent)]
    made.add(target)
    return steps


def _bind(source: Path, target: Path, made: set[Path]) -> list[str]:
    return [*_parents(target, made), "--ro-bind", str(source), str(target)]


def _tmpfs(target: Path, made: set[Path]) -> list[str]:
    steps = _parents(target, made)
    return [*steps, "--perms", "01777", "--size", str(TMPFS_BYTES), "--tmpfs", str(target)]


def _system(made: set[Path]) -> list[str]:
    steps: list[str] = []
    for name in SYSTEM_DIRS:
        path = Path(name)
        if path.is_symlink():
            steps += ["--symlink", os.readlink(path), name]
        elif path.is_dir():
            steps += _bind(path, path, made)
    for name in SYSTEM_FILES:
        if Path(name).exists():
            steps += _bind(Path(name), Path(name), made)
    return steps


def _environment() -> list[str]:
    steps: list[str] = []
    for name in os.environ:
        if name not in KEPT_ENV and not name.startswith(RUNNER_ENV_PREFIXES):
            steps += ["--unsetenv", name]
    return [*steps, "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp",
            "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin"]  # fmt: skip


def _limits(cpu_seconds: int) -> list[str]:
    return [
        "prlimit",
        f"--as={MEMORY_LIMIT_BYTES}",
        f"--cpu={cpu_seconds}",
        f"--fsize={FILE_SIZE_LIMIT_BYTES}",
        f"--nproc={PROCESS_LIMIT}",
        "--",
    ]


def confined_command(
    command: list[str],
    cpu_seconds: int,
    box: Confinement,
    mode: Mode | None = None,
    uid: int | None = None,
) -> list[str]:
    """`command` inside bubblewrap, as an unprivileged user, under resource limits."""
    mode = mode or isolation().mode
    made: set[Path] = set()
    steps = ["bwrap", "--die-with-parent", "--new-session", *_namespaces(mode)]
    steps += _system(made)
    # The private /tmp first: a later mount covers an earlier one, and the interpreter's
    # virtualenv may itself live under /tmp (a checkout there with its .nox environment).
    steps += _tmpfs(Path("/tmp"), made)
    # Sealed directories first: the interpreter's virtualenv may live inside one (a checkout's
    # .nox), and a later mount covers an earlier one.
    for directory in box.sealed:
        steps += [*_parents(directory, made), "--tmpfs", str(directory)]
    for directory in python_dirs():
        steps += _bind(directory, directory, made)
    for directory in box.read_only:
        steps += _bind(directory, directory, made)
    for directory in box.sealed:
        steps += ["--remount-ro", str(directory)]
    steps += _tmpfs(box.scratch, made)
    steps += ["--proc", "/proc", "--dev", "/dev"]
    made.add(Path("/dev"))
    steps += _tmpfs(Path("/dev/shm"), made)  # multiprocessing's locks live there
    for directory in box.shared:  # after the tmpfs that would cover one under /dev/shm
        steps += [*_parents(directory, made), "--bind", str(directory), str(directory)]
    for directory in box.sockets:
        steps += [*_parents(directory, made), "--ro-bind", str(directory), str(directory)]
    steps += ["--remount-ro", "/", "--chdir", str(box.cwd)]
    steps += _environment()
    return [*steps, "--", *_become_unprivileged(mode, uid), *_limits(cpu_seconds), *command]


def _namespaces(mode: Mode) -> list[str]:
    shared = ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts"]
    if mode == "own-uid":
        # Mounts are made as root; the switch to the sandbox's user happens inside.
        return [*shared, "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    return [*shared, "--unshare-user", "--disable-userns", "--uid", NOBODY, "--gid", NOBODY]


def sandbox_uid() -> int | None:
    """The user id a new sandbox runs as, where it gets one of its own (grading as root)."""
    return _sandbox_uid() if isolation().mode == "own-uid" else None


def _become_unprivileged(mode: Mode, chosen: int | None = None) -> list[str]:
    if mode != "own-uid":
        return []
    uid = str(chosen if chosen is not None else _sandbox_uid())
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
            "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]  # fmt: skip


def _missing_tools() -> list[str]:
    tools = ["bwrap", "prlimit"] + (["setpriv"] if os.geteuid() == 0 else [])
    return [tool for tool in tools if shutil.which(tool) is None]


def _modes() -> list[Mode]:
    return ["own-uid", "userns"] if os.geteuid() == 0 else ["userns"]


def _probe(mode: Mode) -> str:
    """Why a sandboxed run of the interpreter fails in this mode (empty when it works)."""
    with tempfile.TemporaryDirectory(prefix="kata-probe-") as root:
        box = Path(root)
        box.chmod(0o755)
        # The interpreter must find its own prefix: a hidden one sends it to the system's.
        probe = f"import sys, sqlite3; sys.exit(0 if sys.prefix == {sys.prefix!r} else 3)"
        command = confined_command(
            [sys.executable, "-c", probe], 10, Confinement((box,), box, box), mode
        )
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"bubblewrap did not run ({exc})"
    if done.returncode != 0:
        detail = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        return f"bubblewrap failed here ({detail})"
    return ""


@cache
def isolation() -> Isolation:
    """Whether confinement works here, and how: a real sandboxed run of the interpreter decides."""
    missing = _missing_tools()
    if missing:
        return Isolation(False, f"no sandbox: {', '.join(missing)} not found (install bubblewrap)")
    if any(_inside(paths.KIT_ROOT, Path(d)) for d in SYSTEM_DIRS):
        return Isolation(False, f"no sandbox: the kit at {paths.KIT_ROOT} is in a system directory")
    failures = []
    for mode in _modes():
        failure = _probe(mode)
        if not failure:
            who = "a user id of its own" if mode == "own-uid" else "a user namespace"
            return Isolation(
                True,
                f"solutions run in a worker process under bubblewrap: {who}, no network, only "
                "the interpreter and the solution visible, read-only; private /tmp; memory, CPU, "
                "process and file-size limits",
                mode,
            )
        failures.append(failure)
    return Isolation(False, f"no sandbox: {'; '.join(failures)}")


def unconfined_command(command: list[str], cpu_seconds: int) -> list[str]:
    """For `--unsafe` runs: resource limits where prlimit exists, nothing else."""
    if shutil.which("prlimit") is None:
        return command
    limits = _limits(cpu_seconds)
    # Without a user of its own the process limit would count every process of the grader's user.
    return [*[arg for arg in limits if not arg.startswith("--nproc")], *command]
