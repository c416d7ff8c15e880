"""Turn a kata's recorded run into points: each part's points shared equally by its tests."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from grading.metadata import Kata
from grading.results import CollectedTest, RunRecord

SCORE_FORMAT = 1


@dataclass(frozen=True)
class TestResult:
    id: str
    category: str
    description: str
    passed: bool
    reason: str
    output: str = ""
    seconds: float = 0.0

    @property
    def skipped(self) -> bool:
        return self.reason.startswith("skipped")


@dataclass(frozen=True)
class PartResult:
    id: str
    title: str
    level: str
    points: float
    max_points: int
    hints: tuple[str, ...]
    tests: tuple[TestResult, ...]

    @property
    def failed(self) -> tuple[TestResult, ...]:
        return tuple(t for t in self.tests if not t.passed)


@dataclass(frozen=True)
class KataResult:
    id: str
    title: str
    level: str
    version: str
    points: float
    max_points: int
    parts: tuple[PartResult, ...]
    problem: str
    seconds: float
    # False when the learner has not begun: the result is known without running anything.
    started: bool = True

    @property
    def tests(self) -> tuple[TestResult, ...]:
        return tuple(t for p in self.parts for t in p.tests)


@dataclass(frozen=True)
class Score:
    katas: tuple[KataResult, ...]

    @property
    def points(self) -> float:
        return round(sum(k.points for k in self.katas), 2)

    @property
    def max_points(self) -> int:
        return sum(k.max_points for k in self.katas)

    @property
    def percent(self) -> float:
        return round(100 * self.points / self.max_points, 2) if self.max_points else 0.0


def _test_id(nodeid: str) -> str:
    return nodeid.split("::", 1)[-1]


# A test can hold for a solution that does nothing: a do-nothing call is fast, and None equals
# None in every process. Such tests count only once the part shows it does something.
WAITS_FOR_EXAMPLES = "counts once an example of this part passes"
WAITS_FOR_BEHAVIOUR = "counts once every other test of this part passes: fast and wrong is not fast"


def _gate(tests: list[TestResult], kata_behaves: bool) -> list[TestResult]:
    """Perf tests count once the part's other tests pass (a part of perf tests only: the kata's);
    other tests count once one of the part's examples passes (where it has examples)."""
    examples = [t for t in tests if t.category == "example"]
    some_example = not examples or any(t.passed for t in examples)
    others = [t for t in tests if t.category != "perf"]
    behaviour = all(t.passed for t in others) if others else kata_behaves
    gated = []
    for test in tests:
        waits = ""
        if test.passed and test.category == "perf" and not behaviour:
            waits = WAITS_FOR_BEHAVIOUR
        elif test.passed and test.category != "example" and not some_example:
            waits = WAITS_FOR_EXAMPLES
        gated.append(replace(test, passed=False, reason=waits) if waits else test)
    return gated


def gated(test: TestResult) -> bool:
    """Failed only because its part has not yet shown it works (the test itself held)."""
    return test.reason in (WAITS_FOR_EXAMPLES, WAITS_FOR_BEHAVIOUR)


def score_kata(
    kata: Kata, expected: list[CollectedTest], record: RunRecord, problem: str, seconds: float
) -> KataResult:
    """Points come from kata.toml, tests from `expected`; a test with no recorded pass scores 0."""
    raw: dict[str, list[TestResult]] = {}
    for part in kata.parts:
        tests = raw.setdefault(part.id, [])
        for collected in expected:
            if collected.kata != kata.slug or collected.part != part.id:
                continue
            outcome = record.outcomes.get(collected.nodeid)
            passed = outcome is not None and outcome.passed
            reason = outcome.reason if outcome else (problem or "did not run")
            tests.append(
                TestResult(
                    _test_id(collected.nodeid),
                    collected.category,
                    collected.description,
                    passed,
                    "" if passed else reason,
                    outcome.output if outcome else "",
                    outcome.duration if outcome else 0.0,
                )
            )
    kata_behaves = all(t.passed for ts in raw.values() for t in ts if t.category != "perf")
    parts = []
    for part in kata.parts:
        tests = _gate(raw[part.id], kata_behaves)
        passed_count = sum(t.passed for t in tests)
        points = round(part.points * passed_count / len(tests), 2) if tests else 0.0
        parts.append(
            PartResult(
                part.id, part.title, part.level, points, part.points, part.hints, tuple(tests)
            )
        )
    total = round(sum(p.points for p in parts), 2)
    return KataResult(
        kata.slug,
        kata.title,
        kata.level,
        kata.version,
        total,
        kata.max_points,
        tuple(parts),
        problem,
        round(seconds, 2),
    )


def score_json(score: Score, mode: str) -> dict[str, Any]:
    return {
        "format_version": SCORE_FORMAT,
        "mode": mode,
        "score": score.percent,
        "points": score.points,
        "max_points": score.max_points,
        "katas": [
            {
                "id": k.id,
                "title": k.title,
                "level": k.level,
                "version": k.version,
                "points": k.points,
                "max_points": k.max_points,
                "problem": k.problem,
                "seconds": k.seconds,
                "parts": [
                    {
                        "id": p.id,
                        "level": p.level,
                        "points": p.points,
                        "max_points": p.max_points,
                        "tests": [
                            {
                                "id": t.id,
                                "category": t.category,
                                "passed": t.passed,
                                "reason": t.reason,
                            }
                            for t in p.tests
                        ],
                    }
                    for p in k.parts
                ],
            }
            for k in score.katas
        ],
    }
