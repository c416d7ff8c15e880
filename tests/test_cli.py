"""The `kata` command as a user runs it: a subprocess, real files, a real workspace."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grading import paths

KATA = "token_bucket"
REFERENCE = paths.reference_path(KATA).read_text()


def kata(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KATA_WORKSPACE": str(tmp_path / "workspace"), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "grading", *args],
        cwd=tmp_path, env=env, input=stdin, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def module(tmp_path: Path) -> Path:
    return tmp_path / "workspace" / f"{KATA}.py"


def test_start_copies_the_stub_and_keeps_existing_work(tmp_path: Path) -> None:
    done = kata(tmp_path, "start", KATA)
    assert done.returncode == 0 and "Parts" in done.stdout and "## Parts" not in done.stdout
    assert module(tmp_path).read_text() == paths.stub_path(KATA).read_text()
    module(tmp_path).write_text("# my work\n")
    assert kata(tmp_path, "start", KATA).returncode == 0
    assert module(tmp_path).read_text() == "# my work\n"


def test_test_records_progress_shown_by_score_and_list(tmp_path: Path) -> None:
    kata(tmp_path, "start", KATA)
    module(tmp_path).write_text(REFERENCE)
    done = kata(tmp_path, "test", KATA)
    assert done.returncode == 0 and "Progress: 100%" in done.stdout
    score = kata(tmp_path, "score")
    assert "100/100" in score.stdout and "History" in score.stdout
    assert "100/100" in kata(tmp_path, "list").stdout


def test_hints_come_one_at_a_time_and_are_recorded(tmp_path: Path) -> None:
    kata(tmp_path, "start", KATA)
    first = kata(tmp_path, "hint", KATA)
    assert first.returncode == 0 and "hint 2/3" in first.stdout
    assert "hint 3/3" in kata(tmp_path, "hint", KATA).stdout
    assert "all 3 hints are out" in kata(tmp_path, "hint", KATA).stdout
    record = json.loads((tmp_path / "workspace" / ".kata-progress.json").read_text())
    assert record["katas"][KATA]["hints"] == {"core": 2}
    module(tmp_path).write_text(REFERENCE.replace("min(self.capacity, ", "("))
    assert "hint 3/3" in kata(tmp_path, "test", KATA).stdout


def test_reset_asks_first_and_keeps_work_on_no(tmp_path: Path) -> None:
    kata(tmp_path, "start", KATA)
    module(tmp_path).write_text("# my work\n")
    refused = kata(tmp_path, "reset", KATA, stdin="n\n")
    assert refused.returncode == 1 and module(tmp_path).read_text() == "# my work\n"
    assert kata(tmp_path, "reset", KATA, stdin="").returncode == 1
    assert kata(tmp_path, "reset", KATA, stdin="y\n").returncode == 0
    assert module(tmp_path).read_text() == paths.stub_path(KATA).read_text()
    module(tmp_path).write_text("# again\n")
    assert kata(tmp_path, "reset", "--all", "--yes").returncode == 0
    assert module(tmp_path).read_text() == paths.stub_path(KATA).read_text()


def test_solution_peek_is_confirmed_and_recorded(tmp_path: Path) -> None:
    kata(tmp_path, "start", KATA)
    assert kata(tmp_path, "solution", KATA, stdin="n\n").returncode == 1
    shown = kata(tmp_path, "solution", KATA, stdin="y\n")
    assert shown.returncode == 0 and "class TokenBucket" in shown.stdout
    assert "yes" in kata(tmp_path, "score").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("test", "no_such_kata"), "no kata named 'no_such_kata'"),
        (("start", "token_buckt"), "did you mean token_bucket?"),
        (("score",), "does not exist: `kata start SLUG` creates it"),
        (("test", "--workspace", "missing-dir"), "is not a directory"),
        (("reset",), "name one kata to reset, or pass --all"),
        (("dojo", "board"), "no dojo in"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    done = kata(tmp_path, *args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_corrupt_progress_file_is_reported_not_overwritten(tmp_path: Path) -> None:
    kata(tmp_path, "start", KATA)
    progress = tmp_path / "workspace" / ".kata-progress.json"
    progress.write_text("{not json")
    done = kata(tmp_path, "score")
    assert done.returncode == 2 and "is unreadable" in done.stderr
    assert kata(tmp_path, "test", KATA).returncode == 2
    assert progress.read_text() == "{not json"


def test_watch_reruns_on_save_and_stays_on_its_kata(tmp_path: Path) -> None:
    kata(tmp_path, "start", KATA)
    env = {**os.environ, "KATA_WORKSPACE": str(tmp_path / "workspace"), "COLUMNS": "200"}
    log = tmp_path / "watch.log"
    with log.open("w") as out:
        watcher = subprocess.Popen(
            [sys.executable, "-m", "grading", "watch", KATA, "--poll"],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_for(log, "Progress: 0%", 60)
        module(tmp_path).write_text(REFERENCE)
        wait_for(log, "Progress: 100%", 60)
        module(tmp_path).write_text(REFERENCE + "\n# still here\n")
        wait_for(log, "Progress: 100%", 60, occurrences=2)
    finally:
        os.killpg(watcher.pid, signal.SIGINT)
        watcher.wait(10)


def wait_for(log: Path, text: str, seconds: float, occurrences: int = 1) -> None:
    deadline = time.monotonic() + seconds
    while log.read_text().count(text) < occurrences:
        assert time.monotonic() < deadline, f"no {text!r} in watch output:\n{log.read_text()}"
        time.sleep(0.2)


def test_interview_reveals_parts_as_they_go_green(tmp_path: Path) -> None:
    started = kata(tmp_path, "interview", KATA)
    assert "Part 1/4: core" in started.stdout
    assert "the wait until a request would succeed" not in started.stdout
    assert "follow-ups" not in started.stdout
    assert "keep going" in kata(tmp_path, "interview", KATA).stdout
    module(tmp_path).write_text(REFERENCE)
    assert "Part 2/4: retry_after" in kata(tmp_path, "interview", KATA).stdout
    for _ in range(3):
        last = kata(tmp_path, "interview", KATA)
    assert "Interview round" in last.stdout and "total:" in last.stdout


def test_interview_stops_at_its_cap(tmp_path: Path) -> None:
    assert kata(tmp_path, "interview", KATA, "--minutes", "0.01").returncode == 0
    time.sleep(1)
    module(tmp_path).write_text(REFERENCE)
    done = kata(tmp_path, "interview", KATA)
    assert "time is up after 0/4 parts" in done.stdout
    assert "time is up" in kata(tmp_path, "interview", KATA).stdout


def test_dojo_board_ranks_participants_and_writes_a_page(tmp_path: Path) -> None:
    assert kata(tmp_path, "dojo", "init", "alice", "bob", "--kata", KATA).returncode == 0
    (tmp_path / "dojo" / "bob" / f"{KATA}.py").write_text(REFERENCE)
    board = kata(tmp_path, "dojo", "board")
    assert board.returncode == 0
    assert board.stdout.index("bob") < board.stdout.index("alice")
    page = tmp_path / "dojo" / "board.html"
    assert 'http-equiv="refresh"' in page.read_text()
    assert kata(tmp_path, "dojo", "init", "x", "--kata", KATA).returncode == 2


def test_dojo_run_counts_down_and_ends_with_the_final_board(tmp_path: Path) -> None:
    kata(tmp_path, "dojo", "init", "alice", "bob", "--kata", KATA, "--minutes", "0.02")
    (tmp_path / "dojo" / "alice" / f"{KATA}.py").write_text(REFERENCE)
    done = kata(tmp_path, "dojo", "run", "--refresh", "1")
    assert done.returncode == 0 and "time is up" in done.stdout
    page = (tmp_path / "dojo" / "board.html").read_text()
    assert ">00:00" in page and 'http-equiv="refresh"' not in page
    assert json.loads((tmp_path / "dojo" / "dojo.json").read_text())["started_at"] is not None


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)"
)
def test_dojo_page_renders_in_a_browser(tmp_path: Path) -> None:
    """Lights per part, history, ties to whoever got there first, a clock that runs out."""
    kata(tmp_path, "dojo", "init", "alice", "bob", "carol", "--kata", KATA, "--minutes", "0.02")
    for name, age in (("alice", 5), ("bob", 60)):
        solution = tmp_path / "dojo" / name / f"{KATA}.py"
        solution.write_text(REFERENCE)
        os.utime(solution, (time.time() - age, time.time() - age))
    state = tmp_path / "dojo" / "dojo.json"
    state.write_text(json.dumps({**json.loads(state.read_text()), "started_at": time.time()}))
    assert kata(tmp_path, "dojo", "board").returncode == 0
    page = tmp_path / "dojo" / "board.html"
    time.sleep(1.5)  # past the deadline: the page's own clock must say so
    dom = chromium(tmp_path, "--virtual-time-budget=1000", "--dump-dom", page.as_uri()).stdout
    assert "Dojo: token_bucket" in dom and "updated at" in dom
    # bob and alice tie on points; bob got there first.
    assert dom.index("bob") < dom.index("alice") < dom.index("carol")
    assert dom.count('class="light green"') == 8 and dom.count('class="light red"') == 4
    assert dom.count('class="save green"') == 2
    assert "time is up" in dom
    shot = tmp_path / "board.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,720", page.as_uri())
    assert shot.stat().st_size > 10_000
    if os.environ.get("KIT_SCREENSHOTS"):  # where a person can look at it
        shutil.copyfile(shot, Path(os.environ["KIT_SCREENSHOTS"]) / "dojo-board.png")
