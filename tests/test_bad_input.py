"""Broken or hostile solutions get a clear one-line reason and cost only their own tests."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from grading import paths
from grading.metadata import kata_by_slug
from grading.runner import RunOptions, run_kata, run_katas

KATA = kata_by_slug("token_bucket")
REFERENCE = paths.reference_path("token_bucket").read_text()


def workspace_with(tmp_path: Path, source: str) -> Path:
    (tmp_path / "token_bucket.py").write_text(textwrap.dedent(source))
    return tmp_path


def run(workspace: Path, categories: str | None = "example"):
    return run_kata(KATA, RunOptions(workspace=workspace, categories=categories, kata_timeout=30))


def reasons(result) -> set[str]:
    return {t.reason for t in result.tests}


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    result = run(workspace_with(tmp_path, "class TokenBucket:\n    def acquire(self)\n")).result
    assert result.points == 0
    assert reasons(result) == {"token_bucket.py line 2: SyntaxError: expected ':'"}


def test_missing_class_fails_only_the_tests_that_need_it(tmp_path: Path) -> None:
    source = REFERENCE.replace("class KeyedLimiter", "class RenamedLimiter")
    result = run(workspace_with(tmp_path, source)).result
    failed = [t for t in result.tests if not t.passed]
    assert failed and any(t.passed for t in result.tests)
    assert {t.reason for t in failed} == {
        "token_bucket.py defines no `KeyedLimiter`: keep the names the stub declares"
    }


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("raise RuntimeError('boom')", "importing token_bucket.py raised RuntimeError: boom"),
        ("import sys\nsys.exit(0)", "token_bucket.py called exit(0) while being imported"),
    ],
)
def test_import_failures_are_one_line(tmp_path: Path, source: str, reason: str) -> None:
    result = run(workspace_with(tmp_path, source)).result
    assert result.points == 0 and reasons(result) == {reason}


def test_hard_exit_mid_run_scores_what_ran(tmp_path: Path) -> None:
    source = REFERENCE.replace(
        "    def retry_after(self, n: float = 1) -> float:\n",
        "    def retry_after(self, n: float = 1) -> float:\n        import os; os._exit(0)\n",
        1,
    )
    result = run(workspace_with(tmp_path, source), categories=None).result
    assert 0 < result.points < result.max_points
    assert "the test process ended early" in result.problem


def test_infinite_loop_times_out_that_test(tmp_path: Path) -> None:
    source = REFERENCE.replace(
        "        if n > self.capacity:\n            return math.inf\n",
        "        while True:\n            pass\n",
    )
    result = run(workspace_with(tmp_path, source), categories="edge").result
    timed_out = [t for t in result.tests if "timed out" in t.reason]
    assert timed_out and any(t.passed for t in result.tests)


def test_leftover_threads_do_not_keep_the_run_alive(tmp_path: Path) -> None:
    source = REFERENCE + textwrap.dedent(
        """
        import threading, time as _time
        threading.Thread(target=lambda: _time.sleep(3600)).start()
        """
    )
    run_ = run(workspace_with(tmp_path, source))
    assert run_.result.points > 0 and not run_.result.problem
    assert run_.result.seconds < 20


def test_one_broken_kata_does_not_stop_the_others(tmp_path: Path) -> None:
    other = kata_by_slug("lru_cache")
    workspace = workspace_with(tmp_path, "this is not python")
    (workspace / "lru_cache.py").write_text(paths.reference_path("lru_cache").read_text())
    runs = run_katas((KATA, other), RunOptions(workspace=workspace, kata_timeout=30))
    assert runs[0].result.points == 0
    assert runs[1].result.points == runs[1].result.max_points


def kata_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "grading", *args],
        cwd=paths.KIT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_unknown_kata_is_one_line_and_exit_2() -> None:
    done = kata_cli("test", "token_bukket")
    assert done.returncode == 2
    assert done.stderr.strip() == "kata: no kata named 'token_bukket'; did you mean token_bucket?"


def test_bad_option_is_exit_2() -> None:
    done = kata_cli("test", "--no-such-option")
    assert done.returncode == 2 and "unrecognized arguments" in done.stderr


def test_missing_workspace_directory_is_one_line(tmp_path: Path) -> None:
    done = kata_cli("test", "--workspace", str(tmp_path / "nope"))
    assert done.returncode == 2 and "is not a directory" in done.stderr


def test_json_score_has_the_promised_fields(tmp_path: Path) -> None:
    out = tmp_path / "score.json"
    done = kata_cli("test", "token_bucket", "--reference", "--json", str(out))
    assert done.returncode == 0, done.stderr
    import json

    score = json.loads(out.read_text())
    assert score["score"] == 100 and score["points"] == score["max_points"]
    kata = score["katas"][0]
    assert {"id", "level", "points", "max_points", "parts"} <= set(kata)
    test = kata["parts"][0]["tests"][0]
    assert {"id", "category", "passed"} <= set(test)


def test_ctrl_c_ends_a_run_at_once_even_while_a_solution_hangs(tmp_path: Path) -> None:
    """Ctrl-C in `kata test` (or `kata watch`) stops the kata processes it is waiting for."""
    workspace = workspace_with(
        tmp_path,
        """
        import time

        class TokenBucket:
            def __init__(self, capacity, rate, clock=None):
                time.sleep(60)

        class KeyedLimiter(TokenBucket):
            pass
        """,
    )
    started = subprocess.Popen(
        [sys.executable, "-m", "grading", "test", KATA.slug, "--workspace", str(workspace)],
        cwd=paths.KIT_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
        # A shell's background job may ignore SIGINT; a learner's terminal does not.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        time.sleep(2)  # the hanging test is under way, or about to be: either way it must stop
        os.killpg(started.pid, signal.SIGINT)
        started.wait(15)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(started.pid, signal.SIGKILL)
    assert started.returncode == 130
