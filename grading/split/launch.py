"""How the worker process is started: plainly, or inside the sandbox (bubblewrap)."""

from __future__ import annotations

import atexit
import contextlib
import os
import resource
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from grading.testkit.ramdisk import RELAYS_ENV, SHARED_ENV, ram_directory

WORKER_CPU_SECONDS = (
    120  # the worker's whole life; each test's own limit is kept by the tests' side
)

Launcher = Callable[[list[str]], list[str]]


def launcher(isolation: str, solution: Path) -> Launcher:
    """`process`: a plain child process. `sandbox`: it sees the interpreter, the kit's `grading`
    package and the solution file only, read-only, as a user that owns none of it (confine.py)."""
    if isolation != "sandbox":
        return lambda command: command
    from grading.confine import Confinement, confined_command, sandbox_uid
    from grading.testkit import ramdisk

    package = Path(__file__).resolve().parent.parent
    scratch = _made_for_this_run(Path(tempfile.mkdtemp(prefix="kata-worker-")))
    scratch.chmod(0o755)
    visible = [package, solution.resolve()]
    # The kit's own mutants are written against the reference: their runs see it (a submission's
    # never does, its sandbox holds no reference).
    mutants_of = solution.resolve().parent
    if mutants_of.name == "mutants" and (package.parent / "reference").is_dir():
        visible.append(package.parent / "reference")
    # Started in the kit's directory, read-only: `python -m` puts it on sys.path.
    kit = package.parent
    box = Confinement(
        tuple(visible), scratch, kit, shared_directory(), sealed=(kit,), sockets=(relays(),)
    )
    uid = sandbox_uid()
    ramdisk.share_with(uid)
    # No more than this process may have: a limit is never raised past its hard value.
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    cpu = WORKER_CPU_SECONDS if hard == resource.RLIM_INFINITY else min(WORKER_CPU_SECONDS, hard)
    return lambda command: confined_command(command, cpu, box, uid=uid)


def shared_directory() -> tuple[Path, ...]:
    """The scratch directory the tests put SQLite files in, made writable for the worker's user."""
    given = os.environ.get(SHARED_ENV)
    base = (
        Path(given)
        if given
        else _made_for_this_run(Path(tempfile.mkdtemp(prefix="kata-shared-", dir=ram_directory())))
    )
    base.mkdir(parents=True, exist_ok=True)
    base.chmod(0o1777)
    os.environ[SHARED_ENV] = str(base)
    return (base,)


def relays() -> Path:
    """The directory of the sockets through which the worker reaches Redis (redis_relay)."""
    given = os.environ.get(RELAYS_ENV)
    if given:
        return Path(given)
    from grading.testkit.redis_relay import relay_directory

    made = _made_for_this_run(relay_directory(ram_directory()))
    os.environ[RELAYS_ENV] = str(made)
    return made


_made: list[Path] = []


def _made_for_this_run(directory: Path) -> Path:
    _made.append(directory)
    return directory


@atexit.register
def remove_made_directories() -> None:
    """Remove the directories this process made for its workers, so no run leaves one behind.

    Called once the workers have ended (the test process may end with `os._exit`, which skips
    `atexit`)."""
    while _made:
        directory = _made.pop()
        with contextlib.suppress(OSError):
            directory.chmod(0o700)  # a relays' directory is not listable (redis_relay)
        shutil.rmtree(directory, ignore_errors=True)
