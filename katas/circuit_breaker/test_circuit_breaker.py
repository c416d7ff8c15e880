"""Hidden-style tests for the circuit breaker kata."""

from __future__ import annotations

import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, GateClock, run_threads
from grading.testkit.markers import kata
from grading.testkit.perf import Stamp

solution = load_solution("circuit_breaker")


class Dependency:
    """A fake downstream service with a switch: while `down`, every call raises ConnectionError."""

    def __init__(self) -> None:
        self.down = False
        self.calls = 0

    def __call__(self) -> str:
        self.calls += 1
        if self.down:
            raise ConnectionError("dependency unreachable")
        return "ok"


def outcome(breaker: object, fn: object) -> str:
    """Call through the breaker and name what happened: ok, failed, or rejected."""
    try:
        breaker.call(fn)  # type: ignore[attr-defined]
    except solution.CircuitOpenError:
        return "rejected"
    except Exception:
        return "failed"
    return "ok"


def tripped(clock: FakeClock, **settings: object) -> tuple[object, Dependency]:
    """A breaker opened by failures at the current time, and its (still down) dependency."""
    options: dict[str, object] = {"min_calls": 3, "failure_rate": 0.5, "reset_timeout": 30.0}
    options.update(settings)
    breaker = solution.CircuitBreaker(clock=clock, **options)
    dependency = Dependency()
    dependency.down = True
    for _ in range(options["min_calls"]):  # type: ignore[call-overload]
        outcome(breaker, dependency)
    assert breaker.state == "open"
    return breaker, dependency


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_closed_breaker_passes_calls_through(clock: FakeClock) -> None:
    """A new breaker is closed, calls the function and returns its result."""
    breaker = solution.CircuitBreaker(clock=clock)
    assert breaker.state == "closed"
    assert breaker.call(lambda a, b: a + b, 2, b=3) == 5


@kata("core", "example")
def test_opens_when_the_failure_rate_is_reached(clock: FakeClock) -> None:
    """Given min_calls in the window, the failure that brings the rate to the threshold opens it."""
    breaker = solution.CircuitBreaker(failure_rate=0.5, min_calls=4, clock=clock)
    dependency = Dependency()
    for down in (False, True, False):
        dependency.down = down
        outcome(breaker, dependency)
    assert breaker.state == "closed"
    dependency.down = True
    assert outcome(breaker, dependency) == "failed"
    assert breaker.state == "open"


@kata("core", "example")
def test_open_circuit_fails_fast_without_calling(clock: FakeClock) -> None:
    """While open, calls raise CircuitOpenError and never reach the dependency."""
    breaker, dependency = tripped(clock)
    dependency.down = False
    before = dependency.calls
    for _ in range(5):
        with pytest.raises(solution.CircuitOpenError):
            breaker.call(dependency)
        clock.advance(1)
    assert dependency.calls == before


@kata("core", "example")
def test_the_failure_that_trips_the_circuit_raises_its_own_error(clock: FakeClock) -> None:
    """The call that opens the circuit still raises the dependency's error to its caller."""
    breaker = solution.CircuitBreaker(min_calls=1, clock=clock)
    dependency = Dependency()
    dependency.down = True
    with pytest.raises(ConnectionError):
        breaker.call(dependency)
    assert breaker.state == "open"


@kata("core", "edge")
def test_too_few_calls_never_open(clock: FakeClock) -> None:
    """Failures below min_calls in the window leave the circuit closed, however bad the rate."""
    breaker = solution.CircuitBreaker(failure_rate=0.5, min_calls=5, clock=clock)
    dependency = Dependency()
    dependency.down = True
    assert [outcome(breaker, dependency) for _ in range(4)] == ["failed"] * 4
    assert breaker.state == "closed"


@kata("core", "edge")
def test_a_rate_below_the_threshold_stays_closed(clock: FakeClock) -> None:
    """One failure in four, against a threshold of one in two, keeps the circuit closed."""
    breaker = solution.CircuitBreaker(failure_rate=0.5, min_calls=4, clock=clock)
    dependency = Dependency()
    for i in range(40):
        dependency.down = i % 4 == 3
        outcome(breaker, dependency)
    assert breaker.state == "closed"


@kata("core", "edge")
def test_only_configured_exceptions_count_as_failures(clock: FakeClock) -> None:
    """Exceptions outside failure_types reach the caller but never open the circuit."""
    breaker = solution.CircuitBreaker(
        min_calls=2, failure_types=(ConnectionError, TimeoutError), clock=clock
    )

    def bad_input() -> None:
        raise ValueError("bad input")

    def timeout() -> None:
        raise TimeoutError

    for _ in range(10):
        with pytest.raises(ValueError):
            breaker.call(bad_input)
    assert breaker.state == "closed"
    clock.advance(120)
    for _ in range(2):
        with pytest.raises(TimeoutError):
            breaker.call(timeout)
    assert breaker.state == "open"


@kata("core", "edge")
@pytest.mark.parametrize(
    "settings",
    [
        {"failure_rate": 0.0},
        {"failure_rate": 1.5},
        {"min_calls": 0},
        {"window": 0.0},
        {"reset_timeout": -1.0},
        {"reset_timeout": 0.0},
        {"trial_calls": 0},
    ],
)
def test_nonsense_settings_are_rejected(settings: dict[str, float]) -> None:
    """Settings outside their ranges are a ValueError."""
    with pytest.raises(ValueError):
        solution.CircuitBreaker(clock=FakeClock(), **settings)


@kata("core", "clock")
def test_fractions_of_a_second_are_valid_settings(clock: FakeClock) -> None:
    """A window or reset_timeout below one second is positive, so it is accepted and honoured."""
    breaker = solution.CircuitBreaker(
        failure_rate=1.0, min_calls=2, window=0.5, reset_timeout=0.25, clock=clock
    )
    dependency = Dependency()
    dependency.down = True
    outcome(breaker, dependency)
    clock.advance(0.5)
    outcome(breaker, dependency)
    assert breaker.state == "closed", "the first failure left a half-second window"
    outcome(breaker, dependency)
    assert breaker.state == "open"
    clock.advance(0.25)
    assert breaker.state == "half_open"


@kata("core", "clock")
def test_default_settings(clock: FakeClock) -> None:
    """The defaults: min_calls 10 and failure_rate 0.5 over a 60 s window, reset_timeout 30 s."""
    breaker = solution.CircuitBreaker(clock=clock)
    dependency = Dependency()
    for down in [False] * 5 + [True] * 4:
        dependency.down = down
        outcome(breaker, dependency)
    assert breaker.state == "closed", "nine calls are fewer than the default min_calls"
    clock.advance(59.75)
    assert outcome(breaker, dependency) == "failed"
    assert breaker.state == "open", "five failures in ten calls within a minute should trip"
    clock.advance(29.75)
    assert breaker.state == "open"
    clock.advance(0.25)
    assert breaker.state == "half_open"
    dependency.down = False
    assert outcome(breaker, dependency) == "ok"
    assert breaker.state == "closed", "one successful trial should close by default"
    dependency.down = True
    for _ in range(9):
        outcome(breaker, dependency)
    clock.advance(60)
    outcome(breaker, dependency)
    assert breaker.state == "closed", "failures a full minute old should have left the window"


@kata("core", "clock")
def test_failures_older_than_the_window_are_forgotten(clock: FakeClock) -> None:
    """Failures that have left the sliding window no longer count toward opening."""
    breaker = solution.CircuitBreaker(failure_rate=0.5, min_calls=3, window=10.0, clock=clock)
    dependency = Dependency()
    dependency.down = True
    outcome(breaker, dependency)
    outcome(breaker, dependency)
    clock.advance(11)
    outcome(breaker, dependency)
    assert breaker.state == "closed"
    clock.advance(5)
    outcome(breaker, dependency)
    outcome(breaker, dependency)
    assert breaker.state == "open"


@kata("core", "edge")
def test_a_result_exactly_one_window_old_no_longer_counts(clock: FakeClock) -> None:
    """A result counts while it is younger than `window`: at exactly `window` old it is gone."""
    dependency = Dependency()
    dependency.down = True
    for age, expected in ((9.75, "open"), (10.0, "closed")):
        breaker = solution.CircuitBreaker(failure_rate=1.0, min_calls=2, window=10.0, clock=clock)
        start = clock()
        outcome(breaker, dependency)
        clock.set(start + age)
        outcome(breaker, dependency)
        assert breaker.state == expected, age


@kata("core", "clock")
def test_the_window_slides(clock: FakeClock) -> None:
    """Failures spread over less than one window add up, wherever the window starts."""
    breaker = solution.CircuitBreaker(failure_rate=1.0, min_calls=3, window=10.0, clock=clock)
    dependency = Dependency()
    dependency.down = True
    clock.advance(7)
    for i in range(3):
        outcome(breaker, dependency)
        assert breaker.state == ("closed" if i < 2 else "open")
        clock.advance(4.5)


@kata("core", "clock")
def test_default_clock_is_monotonic(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument the breaker reads time.monotonic: wall-clock steps do nothing."""
    wall, monotonic = system_clocks
    breaker = solution.CircuitBreaker(min_calls=1, reset_timeout=30.0)
    dependency = Dependency()
    dependency.down = True
    outcome(breaker, dependency)
    wall.advance(3_600)
    assert breaker.state == "open"
    monotonic.advance(30)
    wall.advance(-7_200)
    assert breaker.state == "half_open"


@kata("core", "property")
@settings(max_examples=100)
@given(
    failure_rate=st.sampled_from([0.2, 0.25, 0.5, 0.6, 0.75, 1.0]),
    min_calls=st.integers(1, 6),
    failures=st.lists(st.booleans(), max_size=25),
)
def test_opens_exactly_when_the_rule_says(
    failure_rate: float, min_calls: int, failures: list[bool]
) -> None:
    """With time frozen, the circuit opens at the first call where calls >= min_calls and
    failures / calls >= failure_rate, and the dependency is not called after that."""
    breaker = solution.CircuitBreaker(
        failure_rate=failure_rate, min_calls=min_calls, clock=FakeClock()
    )
    dependency = Dependency()
    calls = failed = 0
    opened = False
    for down in failures:
        dependency.down = down
        expected = "rejected" if opened else "failed" if down else "ok"
        assert outcome(breaker, dependency) == expected
        if not opened:
            calls, failed = calls + 1, failed + down
            opened = down and calls >= min_calls and failed / calls >= failure_rate
        assert breaker.state == ("open" if opened else "closed")
    assert dependency.calls == calls


@kata("core", "property")
@settings(max_examples=100)
@given(
    failure_rate=st.sampled_from([0.25, 0.5, 0.75, 1.0]),
    min_calls=st.integers(1, 4),
    steps=st.lists(
        st.tuples(st.sampled_from([0.0, 0.0, 2.5, 5.0, 10.0]), st.booleans()), max_size=25
    ),
)
def test_opens_exactly_when_the_rule_says_over_a_sliding_window(
    failure_rate: float, min_calls: int, steps: list[tuple[float, bool]]
) -> None:
    """As time passes, the circuit opens at the first failure where the calls of the last
    `window` seconds reach min_calls and their failure share reaches failure_rate."""
    clock = FakeClock()
    breaker = solution.CircuitBreaker(
        failure_rate=failure_rate, min_calls=min_calls, window=10.0, clock=clock
    )
    dependency = Dependency()
    history: list[tuple[float, bool]] = []
    for wait, down in steps:
        clock.advance(wait)
        dependency.down = down
        assert outcome(breaker, dependency) == ("failed" if down else "ok")
        now = clock()
        history = [(t, failed) for t, failed in history if now - t < 10.0] + [(now, down)]
        failed = sum(failed for _, failed in history)
        opened = down and len(history) >= min_calls and failed / len(history) >= failure_rate
        assert breaker.state == ("open" if opened else "closed")
        if opened:
            break


@kata("core", "perf")
def test_calls_do_not_rescan_the_window() -> None:
    """A call costs a bounded amount of work, however many outcomes the window holds."""
    now = Stamp(1_000.0)
    breaker = solution.CircuitBreaker(min_calls=1_000_000, window=1_000.0, clock=lambda: now)
    for _ in range(1_000):
        breaker.call(lambda: None)
    Stamp.uses = 0
    for _ in range(100):
        breaker.call(lambda: None)
    # Amortised O(1) is a few uses of the clock reading per call; a rescan uses thousands.
    assert Stamp.uses / 100 < 50


# --- recovery -------------------------------------------------------------------------------


@kata("recovery", "clock")
def test_half_open_after_the_reset_timeout(clock: FakeClock) -> None:
    """The circuit stays open for reset_timeout seconds, then lets a trial through."""
    breaker, dependency = tripped(clock, reset_timeout=30.0)
    clock.advance(29.5)
    assert breaker.state == "open"
    clock.advance(0.5)
    assert breaker.state == "half_open"
    dependency.down = False
    assert breaker.call(dependency) == "ok"
    assert breaker.state == "closed"


@kata("recovery", "clock")
def test_reset_timeout_runs_from_the_trip_not_the_first_failure(clock: FakeClock) -> None:
    """The open period starts when the circuit opens, however long the failures took to add up."""
    breaker = solution.CircuitBreaker(
        failure_rate=1.0, min_calls=3, window=60.0, reset_timeout=15.0, clock=clock
    )
    dependency = Dependency()
    dependency.down = True
    for wait in (0, 10, 10):
        clock.advance(wait)
        outcome(breaker, dependency)
    assert breaker.state == "open"
    clock.advance(14)
    assert breaker.state == "open"
    assert outcome(breaker, dependency) == "rejected"
    clock.advance(1)
    assert breaker.state == "half_open"


@kata("recovery", "example")
def test_retry_after_counts_down_to_the_trial(clock: FakeClock) -> None:
    """CircuitOpenError.retry_after is the time left until the circuit turns half-open."""
    breaker, dependency = tripped(clock, reset_timeout=30.0)
    clock.advance(10)
    with pytest.raises(solution.CircuitOpenError) as raised:
        breaker.call(dependency)
    assert raised.value.retry_after == pytest.approx(20.0)


@kata("recovery", "clock")
def test_a_failed_trial_reopens_for_a_full_timeout(clock: FakeClock) -> None:
    """A failing trial opens the circuit again, and the reset timeout starts over from then."""
    breaker, dependency = tripped(clock, reset_timeout=30.0)
    clock.advance(30)
    assert outcome(breaker, dependency) == "failed"
    assert breaker.state == "open"
    clock.advance(29)
    assert outcome(breaker, dependency) == "rejected"
    clock.advance(1)
    assert breaker.state == "half_open"


@kata("recovery", "example")
def test_closing_starts_a_clean_history(clock: FakeClock) -> None:
    """After a successful trial closes the circuit, the failures that opened it are forgotten."""
    breaker, dependency = tripped(clock, min_calls=3, window=600.0, reset_timeout=30.0)
    clock.advance(30)
    dependency.down = False
    assert outcome(breaker, dependency) == "ok"
    dependency.down = True
    assert outcome(breaker, dependency) == "failed"
    assert outcome(breaker, dependency) == "failed"
    assert breaker.state == "closed"


@kata("recovery", "example")
def test_all_trials_must_succeed_to_close(clock: FakeClock) -> None:
    """With trial_calls=3 the circuit closes after the third successful trial, not the first."""
    breaker, dependency = tripped(clock, trial_calls=3)
    clock.advance(30)
    dependency.down = False
    states = []
    for _ in range(3):
        assert outcome(breaker, dependency) == "ok"
        states.append(breaker.state)
    assert states == ["half_open", "half_open", "closed"]


@kata("recovery", "clock")
def test_each_half_open_period_needs_all_its_trials(clock: FakeClock) -> None:
    """Successful trials of an earlier half-open period do not count toward closing a later one."""
    breaker, dependency = tripped(clock, trial_calls=2, reset_timeout=30.0)
    clock.advance(30)
    dependency.down = False
    assert outcome(breaker, dependency) == "ok"
    dependency.down = True
    assert outcome(breaker, dependency) == "failed"
    assert breaker.state == "open"
    clock.advance(30)
    dependency.down = False
    assert outcome(breaker, dependency) == "ok"
    assert breaker.state == "half_open"
    assert outcome(breaker, dependency) == "ok"
    assert breaker.state == "closed"


@kata("recovery", "edge")
def test_half_open_rejects_calls_beyond_the_trials(clock: FakeClock) -> None:
    """While the only trial is still running, another call is rejected without reaching fn."""
    breaker, dependency = tripped(clock, trial_calls=1)
    clock.advance(30)
    dependency.down = False
    inner: list[str] = []

    def trial() -> str:
        inner.append(outcome(breaker, dependency))
        return "ok"

    assert breaker.call(trial) == "ok"
    assert inner == ["rejected"]
    assert breaker.state == "closed"


@kata("recovery", "edge")
def test_retry_after_is_zero_once_trials_have_started(clock: FakeClock) -> None:
    """Rejected while half-open (the trial slots taken), retry_after is 0: trials have started."""
    breaker, dependency = tripped(clock, trial_calls=1)
    clock.advance(30)
    dependency.down = False
    waits: list[float] = []

    def trial() -> str:
        with pytest.raises(solution.CircuitOpenError) as raised:
            breaker.call(dependency)
        waits.append(raised.value.retry_after)
        return "ok"

    assert breaker.call(trial) == "ok"
    assert waits == [0.0], "the wait left until trials start, once they have started"


@kata("recovery", "edge")
def test_other_exceptions_in_a_trial_count_as_success(clock: FakeClock) -> None:
    """A trial that raises an exception outside failure_types shows the dependency answering."""
    breaker, _ = tripped(clock, failure_types=(ConnectionError,))
    clock.advance(30)

    def not_found() -> None:
        raise KeyError("no such user")

    with pytest.raises(KeyError):
        breaker.call(not_found)
    assert breaker.state == "closed"


@kata("recovery", "edge")
def test_a_late_success_from_before_the_trip_is_not_a_trial(clock: FakeClock) -> None:
    """A slow call started while closed, finishing once half-open, does not close the circuit."""
    breaker = solution.CircuitBreaker(min_calls=3, reset_timeout=30.0, clock=clock)
    dependency = Dependency()

    def slow_call() -> str:
        dependency.down = True
        for _ in range(3):
            outcome(breaker, dependency)
        clock.advance(30)
        assert breaker.state == "half_open"
        return "ok"

    assert breaker.call(slow_call) == "ok"
    assert breaker.state == "half_open"


@kata("recovery", "edge")
def test_a_late_trial_result_from_an_earlier_half_open_period_is_ignored(
    clock: FakeClock,
) -> None:
    """A trial still running when its half-open period ended does not count in the next one."""
    breaker, dependency = tripped(clock, trial_calls=2, reset_timeout=30.0)
    clock.advance(30)

    def slow_trial() -> str:
        assert outcome(breaker, dependency) == "failed"  # the other trial fails: open again
        clock.advance(30)
        assert breaker.state == "half_open"  # a new half-open period
        raise ConnectionError("the slow trial finally fails")

    with pytest.raises(ConnectionError):
        breaker.call(slow_trial)
    assert breaker.state == "half_open", "a failure from the previous period reopened it"
    dependency.down = False
    assert [outcome(breaker, dependency) for _ in range(2)] == ["ok", "ok"]
    assert breaker.state == "closed"


# --- thread_safe ----------------------------------------------------------------------------


def half_open_race() -> tuple[dict[str, int], list[str], str]:
    """8 callers at a half-open circuit with 2 trial slots: (counts, results, final state)."""
    # The callers read the clock at the same instant, so an unlocked check of the free trial
    # slots is made by all of them before any takes one.
    clock = GateClock(parties=8, patience=0.02)
    clock.open = False
    breaker, _ = tripped(clock, trial_calls=2)
    clock.advance(30)
    assert breaker.state == "half_open"
    clock.open = True
    lock = threading.Lock()
    release = threading.Event()
    counts = {"entered": 0, "rejected": 0, "stuck": 0}

    def trial() -> str:
        with lock:
            counts["entered"] += 1
            if counts["entered"] > 2:
                release.set()
        # Generous: the wait ends as soon as the herd is sorted; only a hang would use it up.
        if not release.wait(3.0):
            counts["stuck"] += 1
        return "ok"

    def caller(_: int) -> str:
        try:
            return breaker.call(trial)
        except solution.CircuitOpenError:
            with lock:
                counts["rejected"] += 1
                if counts["rejected"] == 6:
                    release.set()
            return "rejected"

    results = run_threads(8, caller, timeout=4.0)
    clock.open = False
    return counts, sorted(results), breaker.state


@kata("thread_safe", "concurrency")
def test_half_open_lets_only_the_trials_through_under_concurrency() -> None:
    """8 threads arriving at a half-open circuit: exactly `trial_calls` reach the dependency."""
    for _ in range(3):  # three herds: an unlocked slot check lets extra callers through in one
        counts, results, state = half_open_race()
        assert counts == {"entered": 2, "rejected": 6, "stuck": 0}
        assert results == ["ok"] * 2 + ["rejected"] * 6
        assert state == "closed"


@kata("thread_safe", "concurrency")
def test_slow_calls_run_side_by_side(clock: FakeClock) -> None:
    """The dependency is called outside any lock: four slow calls are in flight at once."""
    breaker = solution.CircuitBreaker(clock=clock)
    together = threading.Barrier(4, timeout=0.5)

    def slow() -> int:
        return together.wait()

    assert sorted(run_threads(4, lambda _: breaker.call(slow))) == [0, 1, 2, 3]


@kata("thread_safe", "concurrency")
def test_concurrent_failures_all_count(clock: FakeClock) -> None:
    """Failures recorded from 8 threads at once are all counted: the circuit opens on the 8th."""
    breaker = solution.CircuitBreaker(failure_rate=1.0, min_calls=8, clock=clock)
    dependency = Dependency()
    dependency.down = True
    assert run_threads(8, lambda _: outcome(breaker, dependency)) == ["failed"] * 8
    assert breaker.state == "open"
    assert outcome(breaker, dependency) == "rejected"


@kata("thread_safe", "concurrency")
def test_state_read_while_a_failure_trips_sees_closed_or_open(clock: FakeClock) -> None:
    """`state` read while a failure opens the circuit sees it closed or open, never half-way."""
    breaker = solution.CircuitBreaker(min_calls=1, reset_timeout=30.0, clock=clock)
    dependency = Dependency()
    dependency.down = True

    def act(index: int) -> list[str]:
        if index == 0:
            return [outcome(breaker, dependency)]
        return [breaker.state for _ in range(12)]

    failed, seen = run_threads(2, act)
    assert failed == ["failed"]
    assert set(seen) <= {"closed", "open"}
    assert breaker.state == "open"
    assert outcome(breaker, dependency) == "rejected"


@kata("thread_safe", "concurrency")
def test_two_callers_at_a_half_open_circuit_make_one_trial(clock: FakeClock) -> None:
    """Two callers arriving together at a half-open circuit with one trial slot: one trial only."""
    for _ in range(3):  # small scenarios, a few times: each interleaving is a fresh chance
        breaker, dependency = tripped(clock, trial_calls=1, reset_timeout=30.0)
        clock.advance(30)
        before = dependency.calls  # still down: the trial fails and reopens the circuit
        results = run_threads(2, lambda _, b=breaker, d=dependency: outcome(b, d))
        assert sorted(results) == ["failed", "rejected"]
        assert dependency.calls == before + 1
        assert breaker.state == "open"


@kata("thread_safe", "concurrency")
def test_one_failed_trial_among_many_reopens(clock: FakeClock) -> None:
    """Concurrent trials where one fails: the circuit ends open and nothing else got through."""
    breaker, dependency = tripped(clock, trial_calls=4)
    clock.advance(30)
    dependency.down = False
    together = threading.Barrier(4, timeout=0.5)

    def trial(index: int) -> str:
        together.wait()
        if index == 0:
            raise ConnectionError("still broken")
        return "ok"

    results = run_threads(4, lambda i: outcome(breaker, lambda: trial(i)))
    assert sorted(results) == ["failed", "ok", "ok", "ok"]
    assert breaker.state == "open"
