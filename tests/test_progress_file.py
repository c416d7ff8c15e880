"""A progress file of any shape is read strictly: one line naming the file, exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from grading import progress

GOOD: dict[str, Any] = {
    "format_version": 1,
    "katas": {"token_bucket": {"points": 40, "max_points": 100, "hints": {"core": 1}}},
    "history": [{"at": "2026-01-01T10:00:00", "katas": {"token_bucket": 40}, "points": 40}],
}

BAD_SHAPES = [
    [],
    "text",
    42,
    None,
    {**GOOD, "format_version": "1"},
    {**GOOD, "katas": []},
    {**GOOD, "katas": {"token_bucket": 3}},
    {**GOOD, "katas": {"token_bucket": {"points": "40"}}},
    {**GOOD, "katas": {"token_bucket": {"points": True}}},
    {**GOOD, "katas": {"token_bucket": {"hints": ["core"]}}},
    {**GOOD, "katas": {"token_bucket": {"hints": {"core": -1}}}},
    {**GOOD, "katas": {"token_bucket": {"peeked": "yes"}}},
    {**GOOD, "katas": {"token_bucket": {"colour": "red"}}},
    {**GOOD, "history": {}},
    {**GOOD, "history": ["run"]},
    {**GOOD, "history": [{"at": 3, "katas": {}, "points": 0}]},
    {**GOOD, "history": [{"at": "now", "katas": "all", "points": 0}]},
    {**GOOD, "history": [{"at": "now", "katas": {}, "points": None}]},
]


def test_a_good_file_round_trips(tmp_path: Path) -> None:
    (tmp_path / progress.PROGRESS_FILE).write_text(json.dumps(GOOD))
    record = progress.load(tmp_path)
    assert record.katas["token_bucket"].hints == {"core": 1}
    progress.save(tmp_path, record)
    assert progress.load(tmp_path) == record


@pytest.mark.parametrize("shape", BAD_SHAPES, ids=repr)
def test_every_bad_shape_is_one_line(tmp_path: Path, shape: object) -> None:
    (tmp_path / progress.PROGRESS_FILE).write_text(json.dumps(shape))
    with pytest.raises(progress.ProgressError) as raised:
        progress.load(tmp_path)
    message = str(raised.value)
    assert "\n" not in message and progress.PROGRESS_FILE in message


@pytest.mark.parametrize("content", [b"\xff\xfe not text", b'{"a": ' * 5000 + b"1"])
def test_undecodable_and_deeply_nested_files_are_one_line(tmp_path: Path, content: bytes) -> None:
    (tmp_path / progress.PROGRESS_FILE).write_bytes(content)
    with pytest.raises(progress.ProgressError):
        progress.load(tmp_path)


def test_the_command_says_one_line_and_exits_2(tmp_path: Path) -> None:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    (workspace / progress.PROGRESS_FILE).write_text(json.dumps({**GOOD, "katas": {"x": 1}}))
    env = {**os.environ, "KATA_WORKSPACE": str(workspace)}
    for command in (["score"], ["list"], ["test"], ["hint", "token_bucket"]):
        done = subprocess.run(
            [sys.executable, "-m", "grading", *command],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and "is unreadable" in done.stderr
