"""Turn a kata's recorded run into points: each part's points shared equally by its tests."""

from __future__ import annotations

from dataclasses import dataclass
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


def score_kata(
    kata: Kata, expected: list[CollectedTest], record: RunRecord, problem: str, seconds: float
) -> KataResult:
    """Points come from kata.toml, tests from `expected`; a test with no recorded pass scores 0."""
    parts = []
    for part in kata.parts:
        tests = []
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
