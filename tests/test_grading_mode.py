"""The same tests in grading mode: the solution in a sandboxed worker process, reached through
proxies made from the stub. The stub scores 0 there too, the reference and the alternative
solutions 100%, and mutants are caught by the tests of their category."""

from __future__ import annotations

from pathlib import Path

import pytest

from grading import paths
from grading.confine import isolation
from grading.metadata import all_katas, kata_by_slug
from grading.runner import RunOptions, run_kata
from grading.score import gated
from tests.support import alternatives, caught, mutant_category, mutants, run_with

KATAS = all_katas()
# Where no sandbox can be made the worker is a plain process: the proxies are the same.
WORKER = "sandbox" if isolation().ok else "process"
MUTANTS = [(kata, m) for kata in KATAS for m in mutants(kata)]


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_reference_scores_full_in_a_worker(kata) -> None:
    run = run_kata(kata, RunOptions(reference=True, reveal=True, isolation=WORKER))
    failed = [(t.id, t.reason) for t in run.result.tests if not t.passed]
    assert not failed, f"{kata.slug}: the reference fails {failed}\n{run.output[-3000:]}"
    assert run.result.points == run.result.max_points


# Correct solutions the worker does not serve right yet, and why. Strict where it always fails
# (one that starts to pass must leave this list); the others pass on an idle machine and fail on
# a loaded one, a verdict that depends on the machine: open work, not a pass.
NOT_YET: dict[tuple[str, str], tuple[str, bool]] = {}
ALTERNATIVES = [
    pytest.param(
        kata,
        a,
        id=f"{kata.slug}-{a.stem}",
        marks=[
            pytest.mark.xfail(
                reason=NOT_YET[kata.slug, a.stem][0], strict=NOT_YET[kata.slug, a.stem][1]
            )
        ]
        if (kata.slug, a.stem) in NOT_YET
        else [],
    )
    for kata in KATAS
    for a in alternatives(kata)
]


@pytest.mark.parametrize(("kata", "alternative"), ALTERNATIVES)
def test_alternative_scores_full_in_a_worker(kata, alternative: Path) -> None:
    """Written another way (a library, another structure), through the proxies as well."""
    run = run_with(kata, alternative, isolation=WORKER)
    failed = [(t.id, t.reason) for t in run.result.tests if not t.passed]
    assert not failed, f"{alternative.name} fails {failed}\n{run.output[-3000:]}"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_stub_scores_zero_in_a_worker(kata) -> None:
    run = run_with(kata, paths.stub_path(kata.slug), isolation=WORKER)
    passed = [t.id for t in run.result.tests if t.passed]
    assert run.result.tests and not passed, f"{kata.slug}: pass against the stub: {passed}"


@pytest.mark.parametrize(
    ("kata", "mutant"), MUTANTS, ids=[f"{k.slug}-{m.stem}" for k, m in MUTANTS]
)
def test_mutant_is_caught_in_a_worker(kata, mutant: Path) -> None:
    category = mutant_category(mutant)
    run = run_with(kata, mutant, categories=category, isolation=WORKER, first_failure=True)
    assert caught(run, category), (
        f"{mutant.name} passes every {category} test in a worker\n{run.output[-2000:]}"
    )


def test_a_solution_that_spins_in_the_worker_times_out_and_the_rest_still_runs(
    tmp_path: Path,
) -> None:
    """The CPU limit counts the worker's time too: a loop there is stopped as a timeout, and the
    tests after it get a fresh worker."""
    kata = kata_by_slug("lru_cache")
    source = paths.reference_path(kata.slug).read_text(encoding="utf-8")
    spinning = source.replace(
        "    def __init__(self, capacity: int) -> None:\n",
        "    def __init__(self, capacity: int) -> None:\n"
        "        while capacity == 1:\n"
        "            pass\n",
        1,
    )
    assert spinning != source
    solution = tmp_path / "lru_cache.py"
    solution.write_text(spinning, encoding="utf-8")
    run = run_with(kata, solution, isolation=WORKER)
    failed = [t for t in run.result.tests if not t.passed and not gated(t)]
    assert failed, run.output[-3000:]
    assert all(t.reason.startswith("timed out") for t in failed), [t.reason for t in failed]
    assert any(t.passed for t in run.result.tests[-5:]), run.output[-3000:]


# Calls a solution makes on what the tests handed it, to re-wire it or to move the tests'
# instruments; each must be refused in the worker. The solution breaks itself if one goes through.
TAMPERING = {
    "idempotent_payments": (
        "    def __init__(\n",
        # The Redis client is the worker's own (test_redis_relay.py): re-wiring it is allowed.
        ["clock.advance(1.0)", "clock.set(0.0)"],
    ),
    "schema_migrations": (
        "        self._conn = conn\n",
        [
            "conn.create_function('abs', 1, lambda value: 0)",
            "conn.set_authorizer(None)",
            "conn.set_trace_callback(print)",
        ],
    ),
    "id_generator_and_shortener": (
        "    def __init__(self, worker_id: int, clock: MsClock | None = None) -> None:\n",
        ["clock.advance(1)"],
    ),
}


# The worker's proxies of the tests' objects (grading/split/worker.py).
PROXIES = ("Callback", "FakeClockReading")


def _tampering(source: str, anchor: str, attempts: list[str]) -> str:
    """`source` with each attempt made at `anchor`: a call that goes through breaks the object."""
    # Only on the tests' objects: a test may run the solution elsewhere on objects of its own.
    lines = "".join(
        f"        if type({attempt.partition('.')[0]}).__name__ in {PROXIES!r}:\n"
        f"            try:\n                {attempt}\n            except AttributeError:\n"
        "                pass\n            else:\n"
        "                raise RuntimeError('the tests let the solution re-wire them')\n"
        for attempt in attempts
    )
    if anchor.startswith("    def __init__("):
        # After the whole signature: the first line of the body.
        head, _, rest = source.partition(anchor)
        signature, _, body = rest.partition(") -> None:\n")
        return f"{head}{anchor}{signature}) -> None:\n{lines}{body}"
    return source.replace(anchor, anchor + lines, 1)


@pytest.mark.parametrize("slug", sorted(TAMPERING))
def test_objects_the_tests_hand_over_offer_only_what_the_stub_declares(
    slug: str, tmp_path: Path
) -> None:
    kata = kata_by_slug(slug)
    source = paths.reference_path(slug).read_text(encoding="utf-8")
    anchor, attempts = TAMPERING[slug]
    tampering = _tampering(source, anchor, attempts)
    assert tampering.count("re-wire them") == len(attempts)
    solution = tmp_path / f"{slug}.py"
    solution.write_text(tampering, encoding="utf-8")
    run = run_with(kata, solution, isolation=WORKER)
    failed = [(t.id, t.reason) for t in run.result.tests if not t.passed]
    assert not failed, f"{failed[:3]}\n{run.output[-3000:]}"


UNTRACED_LRU = """
import sys
import threading
from contextlib import nullcontext

from reference.lru_cache import LRUCache as _Reference


def _dark():
    sys.settrace(None)
    threading.settrace(None)


class LRUCache(_Reference):
    def __init__(self, capacity):
        super().__init__(capacity)
        self._lock = nullcontext()  # racy: no lock at all

    def get(self, key, default=None):
        _dark()
        return super().get(key, default)

    def put(self, key, value):
        _dark()
        return super().put(key, value)

    def __len__(self):
        _dark()
        return super().__len__()
"""


def test_a_solution_cannot_switch_off_the_scheduler_to_hide_a_race(tmp_path: Path) -> None:
    """Without tracing each call would run whole and a racy cache pass as if it held a lock."""
    kata = kata_by_slug("lru_cache")
    (tmp_path / "mutants").mkdir()  # written against the reference, as the kit's mutants are
    solution = tmp_path / "mutants" / "lru_cache.py"
    solution.write_text(UNTRACED_LRU, encoding="utf-8")
    run = run_with(kata, solution, categories="concurrency", isolation=WORKER)
    passed = [t.id for t in run.result.tests if t.passed]
    assert run.result.tests and not passed, run.output[-3000:]
