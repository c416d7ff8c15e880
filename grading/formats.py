"""Score reports in the formats graders consume: exercism v3, Gradescope, JUnit XML, Markdown."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

from grading.score import KataResult, Score, TestResult

OUTPUT_LIMIT = 500
TRUNCATED = f"[Output was truncated. Please limit to {OUTPUT_LIMIT} chars]"


def capped(text: str) -> str:
    return text if len(text) <= OUTPUT_LIMIT else text[:OUTPUT_LIMIT] + "\n" + TRUNCATED


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


def exercism(score: Score, kata_dirs: dict[str, Path]) -> dict[str, Any]:
    tests = []
    for kata in score.katas:
        for task_id, part in enumerate(kata.parts, start=1):
            for test in part.tests:
                entry: dict[str, Any] = {
                    "name": _name(kata, part.id, test),
                    "status": "pass" if test.passed else "fail",
                    "test_code": test_code(kata_dirs[kata.id], test),
                    "task_id": task_id,
                }
                if not test.passed:
                    entry["message"] = _message(test)
                if test.output:
                    entry["output"] = capped(test.output)
                tests.append(entry)
    ran = any(k.tests for k in score.katas)
    status = "error" if not ran else "pass" if all(t["status"] == "pass" for t in tests) else "fail"
    result: dict[str, Any] = {"version": 3, "status": status, "tests": tests}
    if status == "error":
        result["message"] = "; ".join(k.problem for k in score.katas if k.problem) or "no tests ran"
    return result


def gradescope(score: Score) -> dict[str, Any]:
    tests = []
    for kata in score.katas:
        for part in kata.parts:
            share = part.max_points / len(part.tests) if part.tests else 0.0
            for test in part.tests:
                output = (
                    test.description if test.passed else f"{test.description}\n{_message(test)}"
                )
                extra = test.output
                tests.append(
                    {
                        "name": _name(kata, part.id, test),
                        "score": round(share if test.passed else 0.0, 4),
                        "max_score": round(share, 4),
                        "status": "passed" if test.passed else "failed",
                        "output": capped(output + (f"\n{extra}" if extra else "")),
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
    suites = ET.Element("testsuites", name="backend-kata-kit")
    for kata in score.katas:
        tests = kata.tests
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=kata.id,
            tests=str(len(tests)),
            failures=str(sum(not t.passed for t in tests)),
            time=f"{kata.seconds:.2f}",
        )
        for part in kata.parts:
            for test in part.tests:
                case = ET.SubElement(
                    suite, "testcase", classname=f"{kata.id}.{part.id}", name=test.id
                )
                if not test.passed:
                    failure = ET.SubElement(case, "failure", message=_message(test))
                    failure.text = test.description
    suites.set("tests", str(sum(len(k.tests) for k in score.katas)))
    suites.set("failures", str(sum(not t.passed for k in score.katas for t in k.tests)))
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
