"""CI report formats from a score made by hand: errors, skips, times, no stack dumps, no repeats."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from grading import formats
from grading.metadata import kata_by_slug
from grading.score import KataResult, PartResult, Score
from grading.score import TestResult as Outcome

KATA_DIR = kata_by_slug("token_bucket").directory
SYNTAX = "token_bucket.py line 2: SyntaxError: expected ':'"
DUMP = (
    "working\nworking\nworking\n"
    + "+" * 20 + " Timeout " + "+" * 20 + "\n"
    + "~" * 20 + " Stack of MainThread (1) " + "~" * 20 + "\n"
    + '  File "token_bucket.py", line 9, in acquire\n'
)  # fmt: skip


def kata(slug: str, tests: list[Outcome], problem: str = "") -> KataResult:
    passed = sum(t.passed for t in tests)
    points = round(100 * passed / len(tests), 2) if tests else 0.0
    part = PartResult("core", "Core", "L4", points, 100, ("a hint",), tuple(tests))
    return KataResult(slug, slug, "L4", "1", points, 100, (part,), problem, 1.5)


def made(name: str, passed: bool, reason: str = "", output: str = "") -> Outcome:
    return Outcome(name, "example", f"{name} behaves", passed, reason, output, 0.25)


def mixed() -> Score:
    return Score(
        (
            kata(
                "token_bucket",
                [
                    made("test_burst", True),
                    made("test_refill", False, "test_refill behaves"),
                    made("test_skip", False, "skipped (a skipped test scores 0)"),
                    made("test_hang", False, "timed out", DUMP),
                ],
            ),
            kata("lru_cache", [made("test_get", False, SYNTAX), made("test_put", False, SYNTAX)],
                 SYNTAX),
        )
    )  # fmt: skip


def test_junit_has_times_errors_skips_and_the_kata_problem() -> None:
    root = ET.fromstring(formats.junit(mixed()))
    assert root.get("errors") == "2" and root.get("skipped") == "1" and root.get("failures") == "2"
    cases = root.findall(".//testcase")
    assert all(case.get("time") == "0.250" for case in cases)
    lru = root.find("testsuite[@name='lru_cache']")
    assert lru is not None and lru.findtext("system-err") == SYNTAX
    assert len(lru.findall(".//error")) == 2 and not lru.findall(".//failure")
    assert root.find(".//testcase[@name='test_skip']/skipped") is not None
    hang = root.findtext(".//testcase[@name='test_hang']/system-out") or ""
    assert "Stack of" not in hang and "working (×3)" in hang


def test_exercism_marks_what_could_not_run_as_error() -> None:
    result = formats.exercism(mixed(), {"token_bucket": KATA_DIR, "lru_cache": KATA_DIR})
    statuses = {t["name"].split(" / ")[-1].split(":")[0]: t["status"] for t in result["tests"]}
    assert statuses["test_get"] == statuses["test_put"] == "error"
    assert statuses["test_refill"] == "fail" and result["status"] == "fail"
    hang = next(t for t in result["tests"] if "test_hang" in t["name"])
    assert "Stack of" not in hang["output"] and "working (×3)" in hang["output"]


def test_exercism_is_error_when_nothing_could_run_and_hides_test_code(tmp_path: Path) -> None:
    score = Score((mixed().katas[1],))
    result = formats.exercism(score, {"lru_cache": KATA_DIR}, with_test_code=False)
    assert result["status"] == "error" and result["message"] == SYNTAX
    assert all("test_code" not in t for t in result["tests"])
    path = tmp_path / "results.json"
    path.write_text(json.dumps(formats.exercism(mixed(), {"token_bucket": KATA_DIR,
                                                          "lru_cache": KATA_DIR})))  # fmt: skip
    formats.strip_test_code(path)
    assert all("test_code" not in t for t in json.loads(path.read_text())["tests"])


def test_gradescope_says_each_line_once() -> None:
    outputs = [t["output"] for t in formats.gradescope(mixed())["tests"]]
    assert all(len(o.splitlines()) == len(set(o.splitlines())) for o in outputs)
    assert "test_refill behaves" in outputs[1] and outputs[1].count("test_refill behaves") == 1
