"""The per-test CPU limits (grading/limits.py) and the run's budget a worker's limit keeps to."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from grading.limits import KataTimeout, cpu_limit


class SpinningWorker:
    """A worker, as a limit sees it, whose CPU time grows with the clock: it spins."""

    def __init__(self) -> None:
        self.started, self.stopped = time.monotonic(), False

    def cpu_seconds(self) -> float:
        return time.monotonic() - self.started

    def stop_for_limit(self) -> None:
        self.stopped = True


def test_a_worker_is_ended_at_its_own_limit_and_the_test_times_out() -> None:
    worker, hits = SpinningWorker(), []
    with (
        pytest.raises(KataTimeout, match=r"solution's process used more than 0\.3 s"),
        cpu_limit(30.0, hits, lambda: worker, worker_seconds=0.3),
    ):
        time.sleep(20)  # the tests' side waits for its call to return, burning nothing
    assert worker.stopped and hits and set(hits) == {"cpu"}


def test_the_tests_process_keeps_its_own_limit() -> None:
    hits: list[str] = []
    with pytest.raises(KataTimeout, match=r"^used more than 0\.2 s"), cpu_limit(0.2, hits):
        while True:
            pass
    assert hits == ["cpu"]


# In a process of its own: a CPU limit set here would bind the test runner.
BUDGET = """
import math, resource, time
from grading.solution import cpu_left_in_run
soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
assert soft != resource.RLIM_INFINITY or cpu_left_in_run() == math.inf
used = time.process_time()
resource.setrlimit(resource.RLIMIT_CPU, (int(used) + 10, hard))
print(cpu_left_in_run() - (int(used) + 10 - time.process_time()))
"""


def test_a_run_lends_a_worker_no_more_cpu_time_than_it_has_left() -> None:
    done = subprocess.run(
        [sys.executable, "-c", BUDGET], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert abs(float(done.stdout)) < 0.05
