"""Hidden-style tests for the saga kata."""

from __future__ import annotations

import threading
from collections.abc import Iterator, MutableMapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import run_threads
from grading.testkit.markers import kata

solution = load_solution("saga")

ORDER = ("reserve_stock", "charge_card", "book_courier", "send_receipt")


class Crash(BaseException):
    """The orchestrator's process dies here (not a step failure)."""


class StoreDown(Exception):
    pass


class Store(MutableMapping[str, str]):
    """A dict-like store with an off switch, shared by every orchestrator built on it."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}
        self.down = False
        self.fail_writes_after: int | None = None

    def _check(self) -> None:
        if self.down:
            raise StoreDown("store unreachable")

    def __getitem__(self, key: str) -> str:
        self._check()
        return self.data[key]

    def __setitem__(self, key: str, value: str) -> None:
        self._check()
        if self.fail_writes_after is not None:
            if self.fail_writes_after == 0:
                self.down = True
                raise StoreDown("store went down")
            self.fail_writes_after -= 1
        self.data[key] = value

    def __delitem__(self, key: str) -> None:
        self._check()
        del self.data[key]

    def __iter__(self) -> Iterator[str]:
        self._check()
        return iter(list(self.data))

    def __len__(self) -> int:
        return len(self.data)


class Participants:
    """Fake services behind the steps: they log what they did and fail or crash on demand."""

    def __init__(self, names: tuple[str, ...] = ORDER) -> None:
        self.names = names
        self.log: list[str] = []
        self.failing: set[str] = set()  # actions that fail (raise an Exception)
        self.undo_failures: dict[str, int] = {}  # compensation -> how many more times it fails
        self.crash_on: tuple[str, str] | None = None  # ("do" | "undo", name): the process dies
        self.stuck: set[str] = set()  # saga ids whose compensations all fail
        self.saga_ids: list[str] = []

    def steps(self, without_compensation: tuple[str, ...] = ()) -> list[object]:
        return [
            solution.Step(
                name,
                self._call("do", name),
                None if name in without_compensation else self._call("undo", name),
            )
            for name in self.names
        ]

    def _call(self, kind: str, name: str):  # type: ignore[no-untyped-def]
        def call(saga_id: str) -> None:
            self.saga_ids.append(saga_id)
            if self.crash_on == (kind, name):
                self.crash_on = None
                raise Crash(f"process died in {kind} {name}")
            if kind == "do" and name in self.failing:
                self.log.append(f"fail:{name}")
                raise RuntimeError(f"{name} refused")
            if kind == "undo" and saga_id in self.stuck:
                self.log.append(f"undo-failed:{name}")
                raise ConnectionError(f"{name} unreachable for {saga_id}")
            if kind == "undo" and self.undo_failures.get(name, 0) > 0:
                self.undo_failures[name] -= 1
                self.log.append(f"undo-failed:{name}")
                raise ConnectionError(f"{name} unreachable")
            self.log.append(f"{kind}:{name}")

        return call


def orchestrator(p: Participants, store: MutableMapping[str, str], **kwargs: object) -> object:
    return solution.Orchestrator(p.steps(), store, **kwargs)


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_steps_run_in_order_to_completion() -> None:
    """Every step runs once, in order, and the saga ends completed."""
    p = Participants()
    saga = orchestrator(p, {})
    assert saga.run("order-1") == solution.COMPLETED  # type: ignore[attr-defined]
    assert p.log == [f"do:{n}" for n in ORDER]
    assert saga.status("order-1") == solution.COMPLETED  # type: ignore[attr-defined]


@kata("core", "example")
def test_a_finished_saga_is_not_run_again() -> None:
    """Running a completed saga again (from any orchestrator) runs no step."""
    p, store = Participants(), {}
    orchestrator(p, store).run("order-1")  # type: ignore[attr-defined]
    p.log.clear()
    assert orchestrator(p, store).run("order-1") == solution.COMPLETED  # type: ignore[attr-defined]
    assert p.log == []


@kata("core", "edge")
def test_state_lives_in_the_store_under_the_saga_key() -> None:
    """Unknown sagas have no status; a run keeps its state under saga:<id> in the store."""
    p, store = Participants(), {}
    saga = orchestrator(p, store)
    assert saga.status("order-1") is None  # type: ignore[attr-defined]
    saga.run("order-1")  # type: ignore[attr-defined]
    assert store and all(key.startswith("saga:order-1") for key in store)
    assert orchestrator(Participants(), store).status("order-1") == solution.COMPLETED  # type: ignore[attr-defined]


@kata("core", "edge")
def test_actions_get_the_saga_id() -> None:
    """Each action and compensation gets the saga id, the participants' idempotency key."""
    p = Participants()
    orchestrator(p, {}).run("order-42")  # type: ignore[attr-defined]
    assert set(p.saga_ids) == {"order-42"}
    p.failing = {"book_courier"}
    p.saga_ids.clear()
    orchestrator(p, {}).run("order-43")  # type: ignore[attr-defined]
    assert "undo:reserve_stock" in p.log
    assert set(p.saga_ids) == {"order-43"}, "a compensation got something else than the saga id"


@kata("core", "edge")
def test_bad_definitions_are_rejected() -> None:
    """Duplicate step names, or compensation_attempts below 1, are a ValueError."""
    p = Participants(("a", "b", "a"))
    with pytest.raises(ValueError):
        solution.Orchestrator(p.steps(), {})
    with pytest.raises(ValueError):
        solution.Orchestrator(Participants().steps(), {}, compensation_attempts=0)


@kata("core", "edge")
def test_sagas_are_independent() -> None:
    """One saga failing does not affect another saga run by the same orchestrator."""
    p, store = Participants(), {}
    saga = orchestrator(p, store)
    p.failing = {"charge_card"}
    assert saga.run("declined") == solution.COMPENSATED  # type: ignore[attr-defined]
    p.failing = set()
    assert saga.run("paid") == solution.COMPLETED  # type: ignore[attr-defined]
    assert saga.status("declined") == solution.COMPENSATED  # type: ignore[attr-defined]


# --- compensation ---------------------------------------------------------------------------


@kata("compensation", "example")
def test_completed_steps_are_undone_newest_first() -> None:
    """When a step fails, the steps that completed are compensated in reverse order."""
    p = Participants()
    p.failing = {"book_courier"}
    saga = orchestrator(p, {})
    assert saga.run("order-1") == solution.COMPENSATED  # type: ignore[attr-defined]
    assert p.log == [
        "do:reserve_stock",
        "do:charge_card",
        "fail:book_courier",
        "undo:charge_card",
        "undo:reserve_stock",
    ]
    assert saga.status("order-1") == solution.COMPENSATED  # type: ignore[attr-defined]


@kata("compensation", "example")
def test_steps_that_never_completed_are_not_compensated() -> None:
    """The failed step and the steps after it are never compensated (nor run)."""
    p = Participants()
    p.failing = {"charge_card"}
    orchestrator(p, {}).run("order-1")  # type: ignore[attr-defined]
    assert p.log == ["do:reserve_stock", "fail:charge_card", "undo:reserve_stock"]


@kata("compensation", "edge")
def test_a_first_step_failure_compensates_nothing() -> None:
    """If the first step fails there is nothing to undo."""
    p = Participants()
    p.failing = {"reserve_stock"}
    assert orchestrator(p, {}).run("order-1") == solution.COMPENSATED  # type: ignore[attr-defined]
    assert p.log == ["fail:reserve_stock"]


@kata("compensation", "edge")
def test_steps_without_compensation_are_skipped() -> None:
    """A completed step with no compensation is passed over; the others are still undone."""
    p = Participants()
    p.failing = {"send_receipt"}
    steps = p.steps(without_compensation=("charge_card",))
    assert solution.Orchestrator(steps, {}).run("o") == solution.COMPENSATED
    assert p.log[-2:] == ["undo:book_courier", "undo:reserve_stock"]


@kata("compensation", "property")
@settings(max_examples=50)
@given(
    count=st.integers(1, 6),
    fail_at=st.integers(0, 6),
    bare=st.sets(st.integers(0, 5), max_size=3),
)
def test_log_is_forward_then_exact_reverse(count: int, fail_at: int, bare: set[int]) -> None:
    """For any failing step: the completed steps, then their compensations in exact reverse."""
    names = tuple(f"s{i}" for i in range(count))
    p = Participants(names)
    if fail_at < count:
        p.failing = {names[fail_at]}
    steps = p.steps(without_compensation=tuple(names[i] for i in bare if i < count))
    status = solution.Orchestrator(steps, {}).run("x")
    done = names[: min(fail_at, count)]
    expected = [f"do:{n}" for n in done]
    if fail_at < count:
        expected.append(f"fail:{names[fail_at]}")
        undone = [n for n in reversed(done) if names.index(n) not in bare]
        expected += [f"undo:{n}" for n in undone]
    assert p.log == expected
    assert status == (solution.COMPENSATED if fail_at < count else solution.COMPLETED)


# --- retry ----------------------------------------------------------------------------------


@kata("retry", "failure")
def test_a_flaky_compensation_is_retried() -> None:
    """A compensation that fails twice succeeds on its third attempt; the saga is compensated."""
    p = Participants()
    p.failing = {"book_courier"}
    p.undo_failures = {"charge_card": 2}
    saga = orchestrator(p, {}, compensation_attempts=3)
    assert saga.run("order-1") == solution.COMPENSATED  # type: ignore[attr-defined]
    assert p.log[3:] == [
        "undo-failed:charge_card",
        "undo-failed:charge_card",
        "undo:charge_card",
        "undo:reserve_stock",
    ]


@kata("retry", "failure")
def test_a_compensation_that_keeps_failing_stops_the_saga() -> None:
    """After compensation_attempts failures: CompensationFailed, status failed, older steps kept."""
    p = Participants()
    p.failing = {"book_courier"}
    p.undo_failures = {"charge_card": 5}
    saga = orchestrator(p, {}, compensation_attempts=2)
    with pytest.raises(solution.CompensationFailed) as failed:
        saga.run("order-1")  # type: ignore[attr-defined]
    assert (failed.value.saga_id, failed.value.step) == ("order-1", "charge_card")
    assert saga.status("order-1") == solution.FAILED  # type: ignore[attr-defined]
    assert p.log.count("undo-failed:charge_card") == 2
    assert "undo:reserve_stock" not in p.log


@kata("retry", "failure")
def test_compensations_are_tried_three_times_by_default() -> None:
    """Without compensation_attempts a compensation gets three tries: two failures are survived,
    three are not."""
    p = Participants()
    p.failing = {"book_courier"}
    p.undo_failures = {"charge_card": 2}
    assert orchestrator(p, {}).run("flaky") == solution.COMPENSATED  # type: ignore[attr-defined]
    p.log.clear()
    p.undo_failures = {"charge_card": 3}
    with pytest.raises(solution.CompensationFailed):
        orchestrator(p, {}).run("broken")  # type: ignore[attr-defined]
    assert p.log.count("undo-failed:charge_card") == 3
    assert "undo:charge_card" not in p.log


@kata("retry", "failure")
def test_a_single_attempt_means_no_retry() -> None:
    """compensation_attempts=1 is valid: a compensation that fails once stops the saga."""
    p = Participants()
    p.failing = {"book_courier"}
    p.undo_failures = {"charge_card": 1}
    saga = orchestrator(p, {}, compensation_attempts=1)
    with pytest.raises(solution.CompensationFailed):
        saga.run("order-1")  # type: ignore[attr-defined]
    assert p.log.count("undo-failed:charge_card") == 1
    assert saga.status("order-1") == solution.FAILED  # type: ignore[attr-defined]


@kata("retry", "failure")
def test_a_later_run_finishes_a_stuck_compensation() -> None:
    """A failed saga run again continues from the stuck compensation, redoing nothing undone."""
    p, store = Participants(), {}
    p.failing = {"send_receipt"}
    p.undo_failures = {"charge_card": 3}
    with pytest.raises(solution.CompensationFailed):
        orchestrator(p, store, compensation_attempts=3).run("order-1")  # type: ignore[attr-defined]
    p.log.clear()
    assert orchestrator(p, store).run("order-1") == solution.COMPENSATED  # type: ignore[attr-defined]
    assert p.log == ["undo:charge_card", "undo:reserve_stock"]


# --- recovery -------------------------------------------------------------------------------


@kata("recovery", "failure")
def test_a_restarted_orchestrator_resumes_where_it_crashed() -> None:
    """After a crash in step 3, a new orchestrator on the same store runs steps 3 and 4 only."""
    p, store = Participants(), {}
    p.crash_on = ("do", "book_courier")
    with pytest.raises(Crash):
        orchestrator(p, store).run("order-1")  # type: ignore[attr-defined]
    assert p.log == ["do:reserve_stock", "do:charge_card"]
    p.log.clear()
    assert orchestrator(p, store).run("order-1") == solution.COMPLETED  # type: ignore[attr-defined]
    assert p.log == ["do:book_courier", "do:send_receipt"]


@kata("recovery", "failure")
def test_a_crash_is_not_a_step_failure() -> None:
    """A crash (a BaseException) propagates out of run and triggers no compensation."""
    p, store = Participants(), {}
    p.crash_on = ("do", "charge_card")
    saga = orchestrator(p, store)
    with pytest.raises(Crash):
        saga.run("order-1")  # type: ignore[attr-defined]
    assert p.log == ["do:reserve_stock"]
    assert saga.status("order-1") == solution.RUNNING  # type: ignore[attr-defined]


@kata("recovery", "failure")
def test_the_saga_is_recorded_as_running_before_its_first_action() -> None:
    """While the first action runs the store already says running, and a crash in it is resumed
    from the first step."""
    p, store = Participants(), {}
    seen: list[object] = []

    def first(saga_id: str) -> None:
        seen.append(orchestrator(Participants(), store).status(saga_id))  # type: ignore[attr-defined]
        if len(seen) == 1:
            raise Crash("process died in the first step")

    steps = [solution.Step("first", first), *p.steps()]
    with pytest.raises(Crash):
        solution.Orchestrator(steps, store).run("order-1")
    assert seen == [solution.RUNNING]
    assert solution.Orchestrator(steps, store).run("order-1") == solution.COMPLETED
    assert seen == [solution.RUNNING, solution.RUNNING]
    assert p.log == [f"do:{n}" for n in ORDER]


@kata("recovery", "failure")
def test_a_failed_saga_is_compensating_again_once_its_stuck_step_is_undone() -> None:
    """A later run past the stuck compensation turns FAILED back into compensating, and a crash
    after that resumes compensating."""
    p, store = Participants(), {}
    p.failing = {"send_receipt"}
    p.undo_failures = {"book_courier": 1}
    with pytest.raises(solution.CompensationFailed):
        orchestrator(p, store, compensation_attempts=1).run("order-1")  # type: ignore[attr-defined]
    p.crash_on = ("undo", "charge_card")
    saga = orchestrator(p, store)
    with pytest.raises(Crash):
        saga.run("order-1")  # type: ignore[attr-defined]
    assert p.log[-1] == "undo:book_courier"
    assert saga.status("order-1") == solution.COMPENSATING  # type: ignore[attr-defined]
    p.log.clear()
    assert orchestrator(p, store).resume_all() == {"order-1": solution.COMPENSATED}  # type: ignore[attr-defined]
    assert p.log == ["undo:charge_card", "undo:reserve_stock"]


@kata("recovery", "failure")
def test_a_restarted_orchestrator_finishes_compensating() -> None:
    """After a crash in the middle of compensating, a new orchestrator undoes only what is left."""
    p, store = Participants(), {}
    p.failing = {"send_receipt"}
    p.crash_on = ("undo", "charge_card")
    with pytest.raises(Crash):
        orchestrator(p, store).run("order-1")  # type: ignore[attr-defined]
    assert p.log[-1] == "undo:book_courier"
    p.log.clear()
    assert orchestrator(p, store).run("order-1") == solution.COMPENSATED  # type: ignore[attr-defined]
    assert p.log == ["undo:charge_card", "undo:reserve_stock"]


@kata("recovery", "failure")
def test_resume_all_finishes_every_unfinished_saga() -> None:
    """resume_all drives crashed sagas to an end and leaves finished ones alone."""
    p, store = Participants(), {}
    saga = orchestrator(p, store)
    saga.run("done")  # type: ignore[attr-defined]
    p.crash_on = ("do", "charge_card")
    with pytest.raises(Crash):
        saga.run("forward")  # type: ignore[attr-defined]
    p.failing = {"send_receipt"}
    p.crash_on = ("undo", "book_courier")
    with pytest.raises(Crash):
        saga.run("backward")  # type: ignore[attr-defined]
    p.failing = set()
    p.log.clear()
    results = orchestrator(p, store).resume_all()  # type: ignore[attr-defined]
    assert results == {"forward": solution.COMPLETED, "backward": solution.COMPENSATED}
    forward = ["do:charge_card", "do:book_courier", "do:send_receipt"]
    backward = ["undo:book_courier", "undo:charge_card", "undo:reserve_stock"]
    assert sorted(p.log) == sorted(forward + backward)


@kata("recovery", "failure")
def test_resume_all_picks_up_failed_sagas_and_reports_the_stuck_ones() -> None:
    """resume_all retries failed sagas, reports still-stuck ones, and ignores other keys."""
    p = Participants()
    store = {"user:7": '{"name": "eve"}', "config": "x"}
    saga = orchestrator(p, store, compensation_attempts=1)
    p.failing, p.stuck = {"book_courier"}, {"stuck", "fixed"}
    for saga_id in ("stuck", "fixed"):
        with pytest.raises(solution.CompensationFailed):
            saga.run(saga_id)  # type: ignore[attr-defined]
    p.failing = set()
    assert saga.run("done") == solution.COMPLETED  # type: ignore[attr-defined]
    p.crash_on = ("do", "charge_card")
    with pytest.raises(Crash):
        saga.run("crashed")  # type: ignore[attr-defined]
    p.stuck = {"stuck"}
    results = orchestrator(p, store, compensation_attempts=1).resume_all()  # type: ignore[attr-defined]
    assert results == {
        "stuck": solution.FAILED,
        "fixed": solution.COMPENSATED,
        "crashed": solution.COMPLETED,
    }
    assert (store["user:7"], store["config"]) == ('{"name": "eve"}', "x")
    assert all(key.startswith("saga:") for key in set(store) - {"user:7", "config"})
    assert saga.status("stuck") == solution.FAILED  # type: ignore[attr-defined]


@kata("recovery", "failure")
def test_nothing_runs_while_the_store_is_down() -> None:
    """With the store unreachable, run raises and no step is touched."""
    p, store = Participants(), Store()
    store.down = True
    with pytest.raises(StoreDown):
        orchestrator(p, store).run("order-1")  # type: ignore[attr-defined]
    assert p.log == []


@kata("recovery", "failure")
def test_a_store_outage_mid_saga_is_not_a_step_failure() -> None:
    """If recording a step fails, run raises; later the saga resumes and completes, undoing none."""
    p, store = Participants(), Store()
    store.fail_writes_after = 2  # the start and step 1 are recorded, step 2 is not
    with pytest.raises(StoreDown):
        orchestrator(p, store).run("order-1")  # type: ignore[attr-defined]
    store.down, store.fail_writes_after = False, None
    assert orchestrator(p, store).run("order-1") == solution.COMPLETED  # type: ignore[attr-defined]
    assert not any(entry.startswith("undo") for entry in p.log)
    assert p.log.count("do:reserve_stock") == 1
    assert p.log[-2:] == ["do:book_courier", "do:send_receipt"]


@kata("recovery", "concurrency")
def test_one_saga_run_from_many_threads_runs_each_step_once() -> None:
    """Threads running the same saga at once: every action still runs exactly once."""
    p = Participants()
    saga = orchestrator(p, {})
    statuses = run_threads(3, lambda _: saga.run("order-1"))  # type: ignore[attr-defined]
    assert statuses == [solution.COMPLETED] * 3
    assert p.log == [f"do:{n}" for n in ORDER]


@kata("recovery", "concurrency")
def test_many_sagas_in_parallel_each_complete_once() -> None:
    """Threads running different sagas: each saga's steps run once, all complete."""
    p = Participants()
    saga = orchestrator(p, {})
    statuses = run_threads(4, lambda i: saga.run(f"order-{i}"))  # type: ignore[attr-defined]
    assert statuses == [solution.COMPLETED] * 4
    assert sorted(p.log) == sorted(f"do:{n}" for n in ORDER for _ in range(4))


@kata("recovery", "concurrency")
def test_different_sagas_do_not_wait_for_each_other() -> None:
    """Two sagas run from two threads are in their first step at the same time: one saga's run
    never waits for another's."""
    p = Participants()
    together = threading.Barrier(2, timeout=0.5)

    def meet(saga_id: str) -> None:
        together.wait()  # broken (an Exception) if the other saga cannot start meanwhile

    steps = [solution.Step("meet", meet), *p.steps()]
    saga = solution.Orchestrator(steps, {})
    statuses = run_threads(2, lambda i: saga.run(f"order-{i}"))
    assert statuses == [solution.COMPLETED] * 2, "a saga waited for another one's run to end"
