"""Run a snippet against the solution in a fresh interpreter: what must hold across processes.

Python salts `hash()` of str and bytes per process (PYTHONHASHSEED). A structure that two services
share (a Bloom filter shipped between them, a hash ring every client computes) must not depend on
it. Within one test process the salt never changes, so such a mistake only shows in a new process:
`in_fresh_process` starts one with a chosen seed, loads the same solution file the tests are
running against, runs the snippet and returns what it printed.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import subprocess
import sys
import textwrap

from grading import paths
from grading.solution import current_config

_PRELUDE = """\
import importlib.util
import sys

_spec = importlib.util.spec_from_file_location({name!r}, {path!r})
solution = importlib.util.module_from_spec(_spec)
sys.modules[{name!r}] = solution
_spec.loader.exec_module(solution)
"""


class FreshProcessFailed(AssertionError):
    """The snippet raised, or did not finish in time, in the fresh interpreter."""


def in_fresh_process(
    slug: str, snippet: str, *, hash_seed: int, timeout: float = 30.0, cpu_seconds: int = 5
) -> str:
    """Run `snippet` with `solution` bound to the kata's solution module; return its stdout.

    The interpreter runs with PYTHONHASHSEED=`hash_seed`, from the kit's root (so mutants can
    import `reference`). It may use `cpu_seconds` of CPU time; `timeout` is only a wall-clock
    backstop (starting Python alone can take seconds on a busy machine). A snippet that raises or
    runs out of time raises FreshProcessFailed with the end of its stderr.
    """
    path = str(current_config().path_for(slug))
    script = _PRELUDE.format(name=f"kata_solution_{slug}", path=path) + textwrap.dedent(snippet)
    env = {**os.environ, "PYTHONHASHSEED": str(hash_seed), "PYTHONPATH": str(paths.KIT_ROOT)}
    with subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=paths.KIT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as child:
        with contextlib.suppress(ProcessLookupError):
            resource.prlimit(child.pid, resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        try:
            stdout, stderr = child.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            raise FreshProcessFailed(f"the fresh process did not finish in {timeout}s") from None
    if child.returncode == -signal.SIGXCPU:
        raise FreshProcessFailed(f"the fresh process used more than {cpu_seconds} s of CPU time")
    if child.returncode != 0:
        raise FreshProcessFailed(f"the fresh process failed:\n{stderr[-1500:]}")
    return stdout
