"""Score reports in the formats graders consume: exercism v3, Gradescope, JUnit XML, Markdown."""

from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from itertools import groupby, pairwise
from pathlib import Path
from typing import Any

from grading.score import KataResult, Score, TestResult

OUTPUT_LIMIT = 500
TRUNCATED = f"[Output was truncated. Please limit to {OUTPUT_LIMIT} chars]"


# pytest-timeout's report of every thread's stack: noise to a learner, and long.
STACK_DUMP = re.compile(r"^(\+{5,} Timeout \+{5,}|~{5,} Stack of .*~{5,})$", re.MULTILINE)


def capped(text: str) -> str:
    return text if len(text) <= OUTPUT_LIMIT else text[:OUTPUT_LIMIT] + "\n" + TRUNCATED


def clean_output(text: str) -> str:
    """A test's output without stack dumps and with repeated lines said once, with a count."""
    dump = STACK_DUMP.search(text)
    if dump:
        text = text[: dump.start()].rstrip("\n") + "\n(stack dump left out: the test timed out)"
    runs = [(line, len(list(same))) for line, same in groupby(text.strip("\n").splitlines())]
    return "\n".join(f"{line} (×{count})" if count > 1 else line for line, count in runs)


def _error(kata: KataResult, test: TestResult) -> bool:
    """A test that never got to run because of its kata's problem (syntax error, limit)."""
    return not test.passed and bool(kata.problem) and test.reason in (kata.problem, "did not run")


@cache
def _functions(path: Path) -> dict[str, str]:
    source = path.read_text(encoding="utf-8")
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[node.name] = ast.get_source_segment(source, node) or ""
    return found


def test_code(kata_dir: Path, test: TestResult) -> str:
    name = test.id.split("[", 1)[0].split("::")[-1]
    for path in sorted(kata_dir.glob("test_*.py")):
        if name in _functions(path):
            return _functions(path)[name]
    return ""


def _name(kata: KataResult, part_id: str, test: TestResult) -> str:
    return f"{kata.id} / {part_id} / {test.id}: {test.description}"


def _message(test: TestResult) -> str:
    return test.reason or "failed"


def exercism(
    score: Score, kata_dirs: dict[str, Path], with_test_code: bool = True
) -> dict[str, Any]:
    """exercism v3. `with_test_code=False` keeps the tests' source (and expected values) out."""
    tests = []
    for kata in score.katas:
        for task_id, part in enumerate(kata.parts, start=1):
            for test in part.tests:
                error = _error(kata, test) or (bool(kata.problem) and not kata.tests)
                status = "pass" if test.passed else "error" if error else "fail"
                entry: dict[str, Any] = {"name": _name(kata, part.id, test), "status": status}
                if with_test_code:
                    entry["test_code"] = test_code(kata_dirs[kata.id], test)
                entry["task_id"] = task_id
                if not test.passed:
                    entry["message"] = kata.problem if error else _message(test)
                if test.output:
                    entry["output"] = capped(clean_output(test.output))
                tests.append(entry)
    # "error": nothing could be tested, so the message says why instead of any test.
    ran = any(t.passed or not _error(k, t) for k in score.katas for t in k.tests)
    status = "error" if not ran else "pass" if all(t["status"] == "pass" for t in tests) else "fail"
    result: dict[str, Any] = {"version": 3, "status": status, "tests": tests}
    if status == "error":
        result["message"] = "; ".join(k.problem for k in score.katas if k.problem) or "no tests ran"
    return result


def strip_test_code(results: Path) -> None:
    """Rewrite an exercism results file without the tests' source (hidden-style grading)."""
    data = json.loads(results.read_text(encoding="utf-8"))
    for test in data.get("tests", []):
        test.pop("test_code", None)
    results.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _shares(total: float, count: int) -> list[float]:
    """`count` equal shares of `total`, to 4 places, that still add up to `total`."""
    marks = [round(total * i / count, 4) for i in range(count + 1)] if count else []
    return [round(after - before, 4) for before, after in pairwise(marks)]


def gradescope(score: Score) -> dict[str, Any]:
    tests = []
    for kata in score.katas:
        for part in kata.parts:
            for test, share in zip(
                part.tests, _shares(part.max_points, len(part.tests)), strict=True
            ):
                said = [test.description]
                if not test.passed and _message(test) != test.description:
                    said.append(_message(test))
                if test.output:
                    said.append(clean_output(test.output))
                tests.append(
                    {
                        "name": _name(kata, part.id, test),
                        "score": share if test.passed else 0.0,
                        "max_score": share,
                        "status": "passed" if test.passed else "failed",
                        "output": capped("\n".join(said)),
                        "visibility": "visible",
                    }
                )
    return {
        "score": score.points,
        "max_score": score.max_points,
        "output": f"{score.percent:g}% ({score.points:g}/{score.max_points} points)",
        "visibility": "visible",
        "tests": tests,
    }


def junit(score: Score) -> bytes:
    """JUnit XML: a time per test, `<error>` for tests the kata's problem kept from running,
    `<skipped>` for skipped ones, and the problem itself in the suite's `<system-err>`."""
    suites = ET.Element("testsuites", name="backend-kata-kit")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for kata in score.katas:
        suite = ET.SubElement(suites, "testsuite", name=kata.id, time=f"{kata.seconds:.3f}")
        counts = {"tests": len(kata.tests), "failures": 0, "errors": 0, "skipped": 0}
        for part in kata.parts:
            for test in part.tests:
                case = ET.SubElement(
                    suite,
                    "testcase",
                    classname=f"{kata.id}.{part.id}",
                    name=test.id,
                    time=f"{test.seconds:.3f}",
                )
                if test.passed:
                    continue
                if _error(kata, test):
                    counts["errors"] += 1
                    ET.SubElement(case, "error", message=kata.problem).text = test.description
                elif test.skipped:
                    counts["skipped"] += 1
                    ET.SubElement(case, "skipped", message=_message(test))
                else:
                    counts["failures"] += 1
                    failure = ET.SubElement(case, "failure", message=_message(test))
                    failure.text = test.description
                if test.output:
                    ET.SubElement(case, "system-out").text = clean_output(test.output)
        if kata.problem:
            ET.SubElement(suite, "system-err").text = kata.problem
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        suites.set(key, str(value))
    ET.indent(suites)
    document: bytes = ET.tostring(suites, encoding="utf-8", xml_declaration=True)
    return document


def markdown(score: Score, title: str) -> str:
    lines = [
        f"## {title}: {score.percent:g}% ({score.points:g}/{score.max_points} points)",
        "",
        "| Kata | Level | Points | Tests passed | Unfinished parts |",
        "| --- | --- | ---: | ---: | --- |",
    ]
    for kata in score.katas:
        passed = sum(t.passed for t in kata.tests)
        unfinished = ", ".join(p.id for p in kata.parts if p.failed) or "—"
        lines.append(
            f"| {kata.id} | {kata.level} | {kata.points:g}/{kata.max_points} "
            f"| {passed}/{len(kata.tests)} | {unfinished} |"
        )
    problems = [f"- **{k.id}**: {k.problem}" for k in score.katas if k.problem]
    if problems:
        lines += ["", "Problems:", *problems]
    return "\n".join(lines) + "\n"
