"""Hidden-style tests for the retry with backoff kata."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock
from grading.testkit.markers import kata

solution = load_solution("retry_backoff")


class Sleeper:
    """Records each requested sleep and moves the fake clock by it instead of sleeping."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sleeps: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock.advance(seconds)


class Service:
    """A fake dependency: raises the queued errors one per call, then returns "ok".

    `forever` is raised on every call once the queue is empty. Each call costs `cost` seconds on
    the clock, as a slow network call would.
    """

    def __init__(
        self,
        *errors: BaseException,
        forever: Callable[[], BaseException] | None = None,
        clock: FakeClock | None = None,
        cost: float = 0.0,
    ) -> None:
        self.errors = list(errors)
        self.forever = forever
        self.clock = clock
        self.cost = cost
        self.calls = 0
        self.raised: list[BaseException] = []

    def __call__(self) -> str:
        self.calls += 1
        if self.clock is not None:
            self.clock.advance(self.cost)
        error = self.errors.pop(0) if self.errors else self.forever() if self.forever else None
        if error is not None:
            self.raised.append(error)
            raise error
        return "ok"


def unavailable() -> BaseException:
    return solution.HTTPError(503)


def make(
    clock: FakeClock, rand: float | Callable[[], float] = 0.5, **settings: object
) -> tuple[object, Sleeper]:
    sleeper = Sleeper(clock)
    draw = rand if callable(rand) else (lambda: rand)
    retry = solution.Retry(sleep=sleeper, rand=draw, clock=clock, **settings)
    return retry, sleeper


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_success_at_first_try_does_not_sleep(clock: FakeClock) -> None:
    """A call that succeeds at once returns its result after one call and no sleep."""
    retry, sleeper = make(clock)
    service = Service()
    assert retry.call(service) == "ok"
    assert (service.calls, sleeper.sleeps) == (1, [])


@kata("core", "example")
def test_transient_failures_then_success(clock: FakeClock) -> None:
    """Two transient failures, then success: three calls, two sleeps, the result returned."""
    retry, sleeper = make(clock)
    service = Service(unavailable(), unavailable())
    assert retry.call(service) == "ok"
    assert service.calls == 3
    assert len(sleeper.sleeps) == 2


@kata("core", "example")
def test_gives_up_after_max_attempts_with_the_last_error(clock: FakeClock) -> None:
    """max_attempts counts every call; when they run out the last error is raised, unslept."""
    retry, sleeper = make(clock, max_attempts=4)
    service = Service(forever=unavailable)
    with pytest.raises(solution.HTTPError) as raised:
        retry.call(service)
    assert service.calls == 4
    assert len(sleeper.sleeps) == 3
    assert raised.value is service.raised[-1]


@kata("core", "edge")
def test_one_attempt_means_no_retry(clock: FakeClock) -> None:
    """With max_attempts=1 a failure is raised after a single call and no sleep."""
    retry, sleeper = make(clock, max_attempts=1)
    service = Service(forever=unavailable)
    with pytest.raises(solution.HTTPError):
        retry.call(service)
    assert (service.calls, sleeper.sleeps) == (1, [])


@kata("core", "example")
def test_waits_double_each_retry(clock: FakeClock) -> None:
    """Each wait doubles the ceiling of the one before, scaled by the random draw."""
    retry, sleeper = make(clock, rand=0.5, max_attempts=5, base=1.0, cap=100.0)
    with pytest.raises(solution.HTTPError):
        retry.call(Service(forever=unavailable))
    assert sleeper.sleeps == pytest.approx([0.5, 1.0, 2.0, 4.0])


@kata("core", "example")
def test_waits_stop_growing_at_the_cap(clock: FakeClock) -> None:
    """Once base * 2**k passes the cap, every wait stays at or below the cap."""
    retry, sleeper = make(clock, rand=0.999, max_attempts=8, base=1.0, cap=3.0)
    with pytest.raises(solution.HTTPError):
        retry.call(Service(forever=unavailable))
    assert max(sleeper.sleeps) <= 3.0
    assert sleeper.sleeps[-3:] == pytest.approx([3 * 0.999] * 3)


@kata("core", "edge")
def test_backoff_spans_zero_to_the_ceiling(clock: FakeClock) -> None:
    """backoff(k) is the random draw times min(cap, base * 2**k): from 0 up to the ceiling."""
    draws = iter([0.0, 0.999, 0.25, 0.999])
    retry, _ = make(clock, rand=lambda: next(draws), base=0.5, cap=3.0)
    assert retry.backoff(0) == 0.0
    assert retry.backoff(1) == pytest.approx(0.999)
    assert retry.backoff(2) == pytest.approx(0.5)
    assert retry.backoff(60) == pytest.approx(3 * 0.999)


@kata("core", "edge")
def test_backoff_after_very_many_retries_stays_at_the_cap(clock: FakeClock) -> None:
    """backoff(k) for a very large k is the draw times the cap: the exponent never overflows."""
    retry, _ = make(clock, rand=0.5, base=0.1, cap=30.0)
    assert retry.backoff(1_100) == pytest.approx(15.0)
    assert retry.backoff(100_000) == pytest.approx(15.0)


@kata("core", "edge")
@pytest.mark.parametrize(
    "settings",
    [
        {"max_attempts": 0},
        {"max_attempts": -1},
        {"base": 0.0},
        {"base": -0.5},
        {"cap": 0.0},
        {"cap": -1.0},
        {"deadline": 0.0},
        {"deadline": -5.0},
    ],
)
def test_nonsense_settings_are_rejected(settings: dict[str, float]) -> None:
    """max_attempts < 1, or a base, cap or deadline that is not positive, is a ValueError."""
    with pytest.raises(ValueError):
        solution.Retry(sleep=lambda _: None, rand=lambda: 0.5, clock=FakeClock(), **settings)


@kata("core", "edge")
def test_the_default_policy(clock: FakeClock) -> None:
    """By default: 5 attempts, a 0.1 s base and a 10 s cap."""
    retry, sleeper = make(clock, rand=0.5)
    service = Service(forever=unavailable)
    with pytest.raises(solution.HTTPError):
        retry.call(service)
    assert (service.calls, len(sleeper.sleeps)) == (5, 4)
    assert sleeper.sleeps == pytest.approx([0.05, 0.1, 0.2, 0.4])
    assert retry.backoff(7) == pytest.approx(5.0)
    assert retry.backoff(40) == pytest.approx(5.0)


@kata("core", "edge")
def test_arguments_reach_the_function(clock: FakeClock) -> None:
    """call(fn, *args, **kwargs) passes the arguments through on every attempt."""
    retry, _ = make(clock)
    seen: list[tuple[int, str]] = []

    def fn(number: int, *, word: str) -> str:
        seen.append((number, word))
        if len(seen) < 2:
            raise TimeoutError
        return f"{word}{number}"

    assert retry.call(fn, 7, word="x") == "x7"
    assert seen == [(7, "x"), (7, "x")]


@kata("core", "edge")
def test_default_sleep_and_randomness(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without arguments the Retry uses time.sleep and random.random, looked up when created."""
    import random

    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    monkeypatch.setattr(random, "random", lambda: 0.5)
    retry = solution.Retry(max_attempts=3, base=2.0)
    assert retry.call(Service(unavailable(), unavailable())) == "ok"
    assert slept == pytest.approx([1.0, 2.0])


policies = st.fixed_dictionaries(
    {
        "max_attempts": st.integers(1, 9),
        "base": st.sampled_from([0.05, 0.1, 0.5, 1.0]),
        "cap": st.sampled_from([0.2, 1.0, 4.0, 30.0]),
    }
)
draws = st.lists(st.floats(0.0, 0.999), min_size=1, max_size=10)


@kata("core", "property")
@settings(max_examples=60)
@given(policy=policies, randoms=draws)
def test_every_wait_is_within_the_full_jitter_range(
    policy: dict[str, float], randoms: list[float]
) -> None:
    """Every wait k lies in [0, min(cap, base * 2**k)], and there is one fewer wait than calls."""
    clock = FakeClock()
    retry, sleeper = make(clock, rand=itertools.cycle(randoms).__next__, **policy)
    service = Service(forever=unavailable)
    with pytest.raises(solution.HTTPError):
        retry.call(service)
    assert service.calls == policy["max_attempts"]
    assert len(sleeper.sleeps) == service.calls - 1
    for k, wait in enumerate(sleeper.sleeps):
        assert 0 <= wait <= min(policy["cap"], policy["base"] * 2**k) + 1e-9


@kata("core", "property")
@settings(max_examples=60)
@given(policy=policies, randoms=draws)
def test_each_wait_scales_its_own_draw(policy: dict[str, float], randoms: list[float]) -> None:
    """Full jitter: wait k is exactly the k-th random draw times the ceiling for retry k."""
    clock = FakeClock()
    retry, sleeper = make(clock, rand=itertools.cycle(randoms).__next__, **policy)
    with pytest.raises(solution.HTTPError):
        retry.call(Service(forever=unavailable))
    expected = [
        draw * min(policy["cap"], policy["base"] * 2**k)
        for k, draw in zip(range(len(sleeper.sleeps)), itertools.cycle(randoms), strict=False)
    ]
    assert sleeper.sleeps == pytest.approx(expected)


# --- retryable ------------------------------------------------------------------------------


@kata("retryable", "failure")
@pytest.mark.parametrize(
    "error", [TimeoutError, ConnectionError, ConnectionResetError, ConnectionRefusedError]
)
def test_timeouts_and_connection_errors_are_retried(
    clock: FakeClock, error: type[Exception]
) -> None:
    """Timeouts and connection errors are transient: the call is retried until it succeeds."""
    retry, _ = make(clock)
    service = Service(error(), error())
    assert retry.call(service) == "ok"
    assert service.calls == 3


@kata("retryable", "failure")
@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_server_errors_and_429_are_retried(clock: FakeClock, status: int) -> None:
    """5xx responses and 429 Too Many Requests are retried."""
    retry, _ = make(clock)
    service = Service(solution.HTTPError(status))
    assert retry.call(service) == "ok"
    assert service.calls == 2


@kata("retryable", "failure")
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_client_errors_fail_at_once(clock: FakeClock, status: int) -> None:
    """A 4xx other than 429 will fail the same way again: raised after one call, no sleep."""
    retry, sleeper = make(clock)
    service = Service(forever=lambda: solution.HTTPError(status))
    with pytest.raises(solution.HTTPError) as raised:
        retry.call(service)
    assert raised.value.status == status
    assert (service.calls, sleeper.sleeps) == (1, [])


@kata("retryable", "failure")
@pytest.mark.parametrize("error", [ValueError, KeyError, RuntimeError])
def test_unknown_exceptions_are_not_retried(clock: FakeClock, error: type[Exception]) -> None:
    """An exception that is not a known transient failure is a bug: raised at once, no sleep."""
    retry, sleeper = make(clock)
    service = Service(forever=error)
    with pytest.raises(error):
        retry.call(service)
    assert (service.calls, sleeper.sleeps) == (1, [])


@kata("retryable", "failure")
def test_a_permanent_error_after_transient_ones_stops_retrying(clock: FakeClock) -> None:
    """A 404 after two 503s is raised at once: the classification applies to every attempt."""
    retry, sleeper = make(clock, max_attempts=10)
    service = Service(unavailable(), unavailable(), solution.HTTPError(404))
    with pytest.raises(solution.HTTPError) as raised:
        retry.call(service)
    assert raised.value.status == 404
    assert (service.calls, len(sleeper.sleeps)) == (3, 2)


@kata("retryable", "example")
def test_is_retryable_classifies_errors() -> None:
    """is_retryable is true for timeouts, connection errors, 429 and 5xx, false for the rest."""
    transient = [TimeoutError(), ConnectionResetError(), *map(solution.HTTPError, (429, 500, 599))]
    permanent = [ValueError(), *map(solution.HTTPError, (304, 400, 404, 418, 499, 600))]
    assert [solution.is_retryable(e) for e in transient] == [True] * len(transient)
    assert [solution.is_retryable(e) for e in permanent] == [False] * len(permanent)


@kata("retryable", "failure")
def test_retry_after_is_waited_exactly(clock: FakeClock) -> None:
    """A 429 with Retry-After is waited exactly that long: no jitter, and not cut to the cap."""
    retry, sleeper = make(clock, rand=0.5, cap=1.0)
    service = Service(solution.HTTPError(429, retry_after=7.0), unavailable())
    assert retry.call(service) == "ok"
    assert sleeper.sleeps == pytest.approx([7.0, 0.1])


@kata("retryable", "edge")
def test_retry_after_zero_retries_at_once(clock: FakeClock) -> None:
    """A Retry-After of 0 means retry now: the wait is zero, not the jittered backoff."""
    retry, sleeper = make(clock, rand=0.5, base=1.0)
    service = Service(solution.HTTPError(503, retry_after=0.0))
    assert retry.call(service) == "ok"
    assert sleeper.sleeps == [0.0]


@kata("retryable", "edge")
@pytest.mark.parametrize("retry_after", [-5.0, -0.25])
def test_retry_after_in_the_past_retries_at_once(clock: FakeClock, retry_after: float) -> None:
    """A Retry-After already past (negative) means retry now: a zero wait, never a negative one."""
    retry, sleeper = make(clock, rand=0.5, base=1.0)
    service = Service(solution.HTTPError(503, retry_after=retry_after))
    assert retry.call(service) == "ok"
    assert sleeper.sleeps == [0.0]


# --- deadline -------------------------------------------------------------------------------


@kata("deadline", "clock")
def test_total_sleep_stays_within_the_deadline(clock: FakeClock) -> None:
    """With a deadline, a failing dependency is given up on before the sleeps pass it."""
    retry, sleeper = make(clock, rand=0.999, max_attempts=20, base=1.0, cap=100.0, deadline=10.0)
    with pytest.raises(solution.HTTPError):
        retry.call(Service(forever=unavailable))
    assert sum(sleeper.sleeps) <= 10.0


@kata("deadline", "clock")
def test_gives_up_instead_of_sleeping_past_the_deadline(clock: FakeClock) -> None:
    """A wait that would end past the deadline is not started: the last error is raised now."""
    retry, sleeper = make(clock, rand=0.999, max_attempts=20, base=1.0, cap=100.0, deadline=5.0)
    service = Service(forever=unavailable)
    with pytest.raises(solution.HTTPError) as raised:
        retry.call(service)
    assert len(sleeper.sleeps) == 2
    assert service.calls == 3
    assert raised.value is service.raised[-1]


@kata("deadline", "clock")
def test_time_spent_in_calls_counts_against_the_deadline(clock: FakeClock) -> None:
    """The deadline covers the slow calls too, not only the sleeps between them."""
    retry, _ = make(clock, rand=0.001, max_attempts=20, base=1.0, deadline=10.0)
    service = Service(forever=unavailable, clock=clock, cost=3.0)
    with pytest.raises(solution.HTTPError):
        retry.call(service)
    assert service.calls == 4


@kata("deadline", "clock")
def test_retry_after_beyond_the_deadline_gives_up_now(clock: FakeClock) -> None:
    """A Retry-After longer than the time left is not waited: the error is raised at once."""
    retry, sleeper = make(clock, deadline=10.0)
    service = Service(solution.HTTPError(503, retry_after=30.0))
    with pytest.raises(solution.HTTPError):
        retry.call(service)
    assert (service.calls, sleeper.sleeps) == (1, [])


@kata("deadline", "clock")
@pytest.mark.parametrize(("cost", "retry_after"), [(0.0, 3.0), (1.0, 2.0), (0.5, 2.5)])
def test_a_wait_ending_exactly_at_the_deadline_is_taken(
    clock: FakeClock, cost: float, retry_after: float
) -> None:
    """A wait that ends exactly `deadline` seconds after call() started is within the budget."""
    retry, sleeper = make(clock, deadline=3.0)
    service = Service(solution.HTTPError(503, retry_after=retry_after), clock=clock, cost=cost)
    assert retry.call(service) == "ok"
    assert sleeper.sleeps == [retry_after]


@kata("deadline", "clock")
def test_each_call_gets_its_own_budget(clock: FakeClock) -> None:
    """The deadline is measured from the start of each call(), not from when the Retry was made."""
    retry, sleeper = make(clock, rand=0.5, base=1.0, deadline=5.0)
    clock.advance(60)
    assert retry.call(Service(unavailable(), unavailable())) == "ok"
    assert retry.call(Service(unavailable())) == "ok"
    assert len(sleeper.sleeps) == 3


@kata("deadline", "clock")
def test_default_clock_is_monotonic(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument the deadline follows time.monotonic, not the wall clock."""
    wall, monotonic = system_clocks
    sleeper = Sleeper(monotonic)
    retry = solution.Retry(max_attempts=5, base=1.0, deadline=60.0, sleep=sleeper, rand=lambda: 0.5)

    def service() -> str:
        wall.advance(3_600)
        if len(sleeper.sleeps) < 2:
            raise TimeoutError
        return "ok"

    assert retry.call(service) == "ok"


@kata("deadline", "property")
@settings(max_examples=60)
@given(
    policy=policies,
    randoms=draws,
    deadline=st.sampled_from([0.5, 2.0, 5.0, 20.0]),
    cost=st.sampled_from([0.0, 0.1, 1.0]),
)
def test_sleeping_never_carries_past_the_deadline(
    policy: dict[str, float], randoms: list[float], deadline: float, cost: float
) -> None:
    """Every sleep ends within `deadline` seconds of the start of call(), calls included."""
    clock = FakeClock()
    start = clock()
    ends: list[float] = []

    def sleep(seconds: float) -> None:
        clock.advance(seconds)
        ends.append(clock() - start)

    retry = solution.Retry(
        deadline=deadline,
        sleep=sleep,
        rand=itertools.cycle(randoms).__next__,
        clock=clock,
        **policy,
    )
    with pytest.raises(solution.HTTPError):
        retry.call(Service(forever=unavailable, clock=clock, cost=cost))
    assert all(end <= deadline + 1e-9 for end in ends)
