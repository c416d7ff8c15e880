"""What the learner waits for: nothing runs that cannot change the answer."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from rich.console import Console

from grading import cache, paths
from grading.metadata import kata_by_slug
from grading.report import print_report
from grading.runner import RunOptions
from grading.score import KataResult, PartResult, Score
from grading.score import TestResult as Outcome
from grading.workspace_runs import plan, run_workspace_katas

KATA = kata_by_slug("token_bucket")
REFERENCE = paths.reference_path(KATA.slug).read_text()


def kata(cwd: Path, *args: str, workspace: Path | None = None, columns: int = 200) -> str:
    env = {**os.environ, "COLUMNS": str(columns)}
    env.pop("KATA_WORKSPACE", None)
    if workspace is not None:
        env["KATA_WORKSPACE"] = str(workspace)
    done = subprocess.run(
        [sys.executable, "-m", "grading", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return done.stdout


def test_an_empty_workspace_scores_without_running_anything(tmp_path: Path) -> None:
    started = time.monotonic()
    out = kata(tmp_path, "test", workspace=tmp_path)
    assert time.monotonic() - started < 20  # one Python start-up, not 27 pytest runs
    assert "27 katas not started" in out and "Progress: 0%" in out
    assert "┃ Kata" not in out  # no table of zeros


def test_a_syntax_error_is_one_line_with_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "token_bucket.py").write_text("class TokenBucket:\n    def acquire(self)\n")
    out = kata(tmp_path, "test", "token_bucket", workspace=tmp_path)
    line = f"{tmp_path / 'token_bucket.py'} line 2: SyntaxError: expected ':'"
    assert out.replace("\n", "").count(line) == 1


def test_unchanged_work_comes_from_the_cache(tmp_path: Path) -> None:
    (tmp_path / "token_bucket.py").write_text(REFERENCE)
    options = RunOptions(workspace=tmp_path, categories="example")
    quiet = Console(quiet=True)
    first = run_workspace_katas((KATA,), options, quiet)[0]
    assert first.result.points > 0
    assert not plan((KATA,), options, use_cache=True).to_run
    again = run_workspace_katas((KATA,), options, quiet)[0]
    assert again.result == first.result
    (tmp_path / "token_bucket.py").write_text(REFERENCE + "\n# changed\n")
    assert plan((KATA,), options, use_cache=True).to_run


def test_a_second_save_within_the_same_second_is_what_runs(tmp_path: Path) -> None:
    """Compiled modules are cached between runs, but never a solution: its .pyc would be trusted
    by an mtime that two saves in one second share, and by a size a one-character fix keeps."""
    solution = tmp_path / "token_bucket.py"
    wrong = REFERENCE.replace("min(self.capacity,", "max(self.capacity,")
    assert wrong != REFERENCE and len(wrong) == len(REFERENCE)
    options = RunOptions(workspace=tmp_path, categories="example")
    quiet = Console(quiet=True)
    solution.write_text(wrong)
    stamp = solution.stat().st_mtime_ns
    first = run_workspace_katas((KATA,), options, quiet)[0]
    solution.write_text(REFERENCE)
    os.utime(solution, ns=(stamp, stamp))
    second = run_workspace_katas((KATA,), options, quiet)[0]
    assert not all(t.passed for t in first.result.tests)
    assert second.result.tests and all(t.passed for t in second.result.tests)


def test_the_cache_key_follows_the_kata_tests_and_options(tmp_path: Path) -> None:
    solution = tmp_path / "token_bucket.py"
    solution.write_text(REFERENCE)
    copy = tmp_path / "kata"
    shutil.copytree(KATA.directory, copy, ignore=shutil.ignore_patterns("__pycache__"))
    key = cache.run_key(solution, copy, RunOptions())
    assert cache.run_key(solution, copy, RunOptions()) == key
    assert cache.run_key(solution, copy, RunOptions(categories="edge")) != key
    test_file = copy / "test_token_bucket.py"
    test_file.write_text(test_file.read_text() + "\n# one more test\n")
    assert cache.run_key(solution, copy, RunOptions()) != key


def test_hint_on_a_started_but_untouched_kata_runs_nothing(tmp_path: Path) -> None:
    kata(tmp_path, "start", "token_bucket", workspace=tmp_path / "ws")
    options = RunOptions(workspace=tmp_path / "ws")
    assert not plan((KATA,), options, use_cache=True).to_run
    assert "hint 2/3" in kata(tmp_path, "hint", "token_bucket", workspace=tmp_path / "ws")


def fake_kit(tmp_path: Path) -> Path:
    kit = tmp_path / "kit"
    kit.mkdir()
    (kit / "pyproject.toml").write_text((paths.KIT_ROOT / "pyproject.toml").read_text())
    for name in ("katas", "reference", "grading"):
        (kit / name).symlink_to(paths.KIT_ROOT / name)
    return kit


def test_the_workspace_is_found_upwards_from_a_subdirectory(tmp_path: Path) -> None:
    kit = fake_kit(tmp_path)
    deep = kit / "notes" / "day1"
    deep.mkdir(parents=True)
    kata(deep, "start", "token_bucket")
    assert (kit / "workspace" / "token_bucket.py").is_file()
    assert not (deep / "workspace").exists() and not (kit / "katas" / "workspace").exists()
    assert "token_bucket" in kata(kit / "workspace", "score")
    assert paths.find_workspace(deep) == kit / "workspace"
    assert paths.find_kit_root(deep) == kit


def test_a_workspace_outside_a_kit_is_found_by_its_progress_file(tmp_path: Path) -> None:
    outside = tmp_path / "mine"
    kata(tmp_path, "start", "token_bucket", "--workspace", str(outside))
    assert (outside / ".kata-progress.json").is_file()
    (outside / "sub").mkdir()
    assert paths.find_workspace(outside / "sub") == outside


def test_version() -> None:
    from grading import __version__

    assert kata(Path.cwd(), "--version").strip() == f"kata {__version__}"


def test_tables_fit_80_columns_without_cutting_names(tmp_path: Path) -> None:
    kata(tmp_path, "start", "id_generator_and_shortener", workspace=tmp_path)
    for command in (["list"], ["score"]):
        out = kata(tmp_path, *command, workspace=tmp_path, columns=80)
        assert all(len(line) <= 80 for line in out.splitlines())
        for slug in ("consistent_hashing", "id_generator_and_shortener", "sliding_window_limiter"):
            assert slug in out, (command, slug)
        assert "…" not in out


def test_solution_wraps_code_and_names_its_file(tmp_path: Path) -> None:
    out = kata(tmp_path, "solution", "token_bucket", "--yes", workspace=tmp_path, columns=80)
    assert str(paths.reference_path("token_bucket")) in out.replace("\n", "")
    assert all(len(line) <= 80 for line in out.splitlines())
    numbers = {int(m.group(1)) for m in re.finditer(r"^\s*(\d+) ", out, re.MULTILINE)}
    assert numbers >= set(range(1, len(REFERENCE.splitlines()) + 1))


def result(slug: str, tests: list[Outcome], started: bool = True) -> KataResult:
    passed = sum(t.passed for t in tests)
    part = PartResult("core", "Core", "L4", 10.0 * passed, 100, ("hint " * 30,), tuple(tests))
    return KataResult(slug, slug, "L4", "1", 10.0 * passed, 100, (part,), "", 1.0, started)


def test_the_report_opens_the_kata_touched_last_and_folds_the_rest() -> None:
    failing = [
        Outcome(f"test_cap[{n}]", "edge", "Never more than capacity.", False, "") for n in range(4)
    ]
    score = Score(
        (
            result("lru_cache", [*failing, Outcome("test_ok", "example", "Works.", True, "")]),
            result("token_bucket", failing),
            result("word_break", [], started=False),
            result("saga", [], started=False),
        )
    )
    console = Console(record=True, width=80)
    print_report(score, "workspace", console, expanded=["lru_cache"])
    out = console.export_text()
    assert out.count("Never more than capacity.") == 1 and "[0], [1], [2] and 1 more" in out
    assert "1/1 parts" not in out and "0/1 parts" in out  # token_bucket folded to one row
    assert "2 katas not started" in out
    hint = [line for line in out.splitlines() if "hint 1/1" in line]
    assert hint and all(len(line) <= 80 for line in out.splitlines())
    after = out.splitlines()[out.splitlines().index(hint[0]) + 1]
    assert after.startswith(" " * 14)  # wrapped hint lines hang under the text
