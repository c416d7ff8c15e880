"""Hidden-style tests for the job queue kata."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, run_threads
from grading.testkit.markers import kata
from grading.testkit.redis_backend import RedisBackend
from grading.testkit.redis_faults import Send, intercept

solution = load_solution("job_queue")


def worker(backend: RedisBackend, clock: FakeClock, client: Any = None, **settings: Any) -> Any:
    """A JobQueue on its own connection (one per simulated process), on the test's clock."""
    options: dict[str, Any] = {"visibility_timeout": 10.0, "max_attempts": 3}
    options.update(settings)
    return solution.JobQueue(client or backend.client(), clock=clock, **options)


def drain(queue: Any) -> list[str]:
    """Reserve and ack everything ready now; the payloads in delivery order."""
    done = []
    for _ in range(1_000):
        job = queue.reserve()
        if job is None:
            break
        assert queue.ack(job) is True
        done.append(job.payload)
    return done


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_jobs_come_out_in_order(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Jobs are reserved oldest first, each with its payload, and the queue is then empty."""
    producer, consumer = worker(redis_backend, clock), worker(redis_backend, clock)
    for payload in ("a", "b", "c"):
        producer.enqueue(payload)
    assert drain(consumer) == ["a", "b", "c"]
    assert consumer.reserve() is None


@kata("core", "example")
def test_a_reserved_job_is_hidden_from_other_workers(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A job reserved by one worker is not given to another before it is acked."""
    first, second = worker(redis_backend, clock), worker(redis_backend, clock)
    first.enqueue("resize image")
    job = first.reserve()
    assert job is not None and job.payload == "resize image" and job.attempts == 1
    assert second.reserve() is None


@kata("core", "example")
def test_an_acked_job_never_comes_back(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """An acked job is gone for good, even after the visibility timeout."""
    queue = worker(redis_backend, clock)
    queue.enqueue("send email")
    assert queue.ack(queue.reserve()) is True
    clock.advance(3_600)
    assert queue.reserve() is None
    assert queue.dead_letters() == []


@kata("core", "edge")
def test_enqueue_returns_unique_ids(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """enqueue returns a new id for each job, and the reserved job carries it."""
    queue = worker(redis_backend, clock)
    ids = [queue.enqueue("same payload") for _ in range(20)]
    assert len(set(ids)) == 20
    assert queue.reserve().id == ids[0]


@kata("core", "edge")
def test_enqueueing_a_known_id_twice_queues_it_once(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A job enqueued twice with the same id (a producer retry) is delivered once."""
    queue = worker(redis_backend, clock)
    assert queue.enqueue("charge order 7", job_id="order-7") == "order-7"
    assert queue.enqueue("charge order 7", job_id="order-7") == "order-7"
    assert drain(queue) == ["charge order 7"]


@kata("core", "edge")
def test_enqueueing_an_id_that_is_reserved_or_retrying_adds_nothing(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A known id is not queued again while its job is in flight or waiting for a retry."""
    queue = worker(redis_backend, clock)
    queue.enqueue("charge order 8", job_id="order-8")
    job = queue.reserve()
    assert queue.enqueue("charge order 8", job_id="order-8") == "order-8"
    assert queue.reserve() is None
    assert queue.nack(job) is True
    queue.enqueue("charge order 8", job_id="order-8")
    clock.advance(60)
    assert drain(queue) == ["charge order 8"]


@kata("core", "edge")
def test_payloads_round_trip(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Payloads come back as the same str, unicode and JSON included."""
    queue = worker(redis_backend, clock)
    payloads = ['{"user": 42, "tags": ["a", "b"]}', "naïve café ☕", " "]
    for payload in payloads:
        queue.enqueue(payload)
    assert drain(queue) == payloads


@kata("core", "edge")
def test_queues_with_different_names_are_separate(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Two queue names on one Redis do not share jobs."""
    emails = worker(redis_backend, clock, name="emails")
    images = worker(redis_backend, clock, name="images")
    emails.enqueue("welcome")
    assert images.reserve() is None
    assert drain(emails) == ["welcome"]


@kata("core", "edge")
def test_every_key_is_under_the_queue_name(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Every key a queue writes starts with `name:`, and the default name is "jobs"."""
    client = redis_backend.client()
    named = worker(redis_backend, clock, name="emails")
    default = solution.JobQueue(redis_backend.client(), clock=clock, max_attempts=1)
    for queue in (named, default):
        queue.enqueue("a")
        queue.enqueue("b")
        queue.ack(queue.reserve())
        queue.nack(queue.reserve())
    keys = [k.decode() for k in client.keys("*")]
    assert keys, "the queues wrote nothing to Redis"
    assert all(k.startswith(("emails:", "jobs:")) for k in keys), "a key outside the prefix"
    assert any(k.startswith("jobs:") for k in keys), "the default name is not used"
    assert worker(redis_backend, clock, name="jobs").dead_letters() != []


@kata("core", "edge")
def test_a_client_that_decodes_responses_works(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A client made with decode_responses=True (replies as str) works like any other."""
    queue = worker(redis_backend, clock, client=redis_backend.client(decode_responses=True))
    job_id = queue.enqueue("naïve café ☕")
    queue.enqueue("poison")
    job = queue.reserve()
    assert (job.id, job.payload, job.attempts) == (job_id, "naïve café ☕", 1)
    assert queue.ack(job) is True
    for _ in range(3):
        assert queue.nack(queue.reserve()) is True
        clock.advance(60)
    assert [(j.payload, j.attempts) for j in queue.dead_letters()] == [("poison", 3)]


@kata("core", "edge")
def test_small_positive_settings_are_accepted(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Any positive timeout, backoff and cap is allowed, fractions of a second included."""
    queue = worker(redis_backend, clock, visibility_timeout=0.5, backoff_base=0.25, backoff_cap=0.5)
    assert [queue.backoff(n) for n in (1, 2, 3)] == [0.25, 0.5, 0.5]
    queue.enqueue("x")
    first = queue.reserve()
    clock.advance(0.4)
    assert queue.reserve() is None
    clock.advance(0.2)
    again = queue.reserve()
    assert again is not None and again.id == first.id


@kata("core", "edge")
@pytest.mark.parametrize(
    "settings",
    [
        {"visibility_timeout": 0},
        {"visibility_timeout": -1},
        {"max_attempts": 0},
        {"backoff_base": 0},
        {"backoff_base": -0.5},
        {"backoff_cap": 0},
        {"backoff_cap": -1},
    ],
)
def test_bad_settings_are_rejected(redis_backend: RedisBackend, settings: dict[str, Any]) -> None:
    """A non-positive timeout, backoff or cap, or max_attempts below 1, is a ValueError."""
    with pytest.raises(ValueError):
        solution.JobQueue(redis_backend.client(), clock=FakeClock(), **settings)


@kata("core", "edge")
def test_acking_twice_is_refused(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """A second ack of the same delivery returns False."""
    queue = worker(redis_backend, clock)
    queue.enqueue("x")
    job = queue.reserve()
    assert queue.ack(job) is True
    assert queue.ack(job) is False


# --- visibility -----------------------------------------------------------------------------


@kata("visibility", "clock")
def test_unacked_job_is_redelivered_after_the_timeout(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A job nobody acked comes back once its visibility timeout has passed, not before."""
    crashed, rescuer = worker(redis_backend, clock), worker(redis_backend, clock)
    crashed.enqueue("nightly report")
    first = crashed.reserve()
    clock.advance(9.9)
    assert rescuer.reserve() is None
    clock.advance(0.2)
    again = rescuer.reserve()
    assert again is not None
    assert (again.id, again.payload, again.attempts) == (first.id, "nightly report", 2)
    assert again.receipt != first.receipt


@kata("visibility", "clock")
def test_a_late_ack_from_the_first_worker_is_refused(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """After a redelivery, the first worker's late ack fails and the second worker's job stays."""
    slow, fast = worker(redis_backend, clock), worker(redis_backend, clock)
    slow.enqueue("x")
    stale = slow.reserve()
    clock.advance(11)
    current = fast.reserve()
    assert slow.ack(stale) is False
    assert slow.nack(stale) is False
    clock.advance(11)
    assert fast.reserve().id == current.id  # still in flight, so it timed out again
    assert fast.ack(current) is False  # and that delivery is stale too


@kata("visibility", "clock")
def test_touch_keeps_a_slow_job_hidden(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """A worker that heartbeats with touch keeps its job for another timeout from now."""
    slow, other = worker(redis_backend, clock), worker(redis_backend, clock)
    slow.enqueue("transcode video")
    job = slow.reserve()
    for _ in range(3):
        clock.advance(8)  # past the previous deadline unless the last touch gave a full timeout
        assert other.reserve() is None
        assert slow.touch(job) is True
    clock.advance(9.9)
    assert other.reserve() is None
    clock.advance(0.2)
    assert other.reserve().id == job.id
    assert slow.touch(job) is False


@kata("visibility", "clock")
def test_the_default_visibility_timeout_is_30_seconds(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Without a visibility_timeout, a reserved job stays hidden for 30 seconds."""
    crashed = solution.JobQueue(redis_backend.client(), clock=clock)
    rescuer = solution.JobQueue(redis_backend.client(), clock=clock)
    crashed.enqueue("x")
    first = crashed.reserve()
    clock.advance(29.9)
    assert rescuer.reserve() is None
    clock.advance(0.2)
    again = rescuer.reserve()
    assert again is not None and again.id == first.id


@kata("visibility", "clock")
def test_a_long_timeout_is_kept_to_the_second(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A 1000 s visibility timeout (reserve or touch) ends after 1000 s, not a second off."""
    slow = worker(redis_backend, clock, visibility_timeout=1_000.0)
    other = worker(redis_backend, clock, visibility_timeout=1_000.0)
    slow.enqueue("x")
    job = slow.reserve()
    clock.advance(999.5)
    assert other.reserve() is None
    assert slow.touch(job) is True
    clock.advance(999.5)
    assert other.reserve() is None
    clock.advance(1.0)
    again = other.reserve()
    assert again is not None and again.id == job.id
    clock.advance(999.5)
    assert slow.reserve() is None
    clock.advance(1.0)
    assert slow.reserve() is not None


@kata("visibility", "clock")
def test_default_clock_is_the_shared_wall_clock(
    redis_backend: RedisBackend, system_clocks: tuple[FakeClock, FakeClock]
) -> None:
    """Deadlines shared between hosts use the wall clock (time.time) by default."""
    wall, monotonic = system_clocks
    crashed = solution.JobQueue(redis_backend.client(), visibility_timeout=10)
    rescuer = solution.JobQueue(redis_backend.client(), visibility_timeout=10)
    crashed.enqueue("x")
    assert crashed.reserve() is not None
    monotonic.advance(60)
    assert rescuer.reserve() is None
    wall.advance(11)
    assert rescuer.reserve() is not None


@kata("visibility", "failure")
def test_a_worker_that_crashes_before_ack_loses_nothing(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Jobs held by a worker that died are all delivered again to the survivors."""
    doomed, survivor = worker(redis_backend, clock), worker(redis_backend, clock)
    for i in range(5):
        doomed.enqueue(f"job {i}")
    for _ in range(3):
        doomed.reserve()
    del doomed  # the process is gone, with its three jobs
    assert drain(survivor) == ["job 3", "job 4"]
    clock.advance(11)
    assert sorted(drain(survivor)) == ["job 0", "job 1", "job 2"]


# --- retries --------------------------------------------------------------------------------


@kata("retries", "clock")
def test_a_nacked_job_waits_for_its_backoff(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """A nacked job is not retried at once: it comes back after backoff(attempts) seconds."""
    queue = worker(redis_backend, clock, backoff_base=2.0)
    queue.enqueue("call flaky API")
    assert queue.nack(queue.reserve()) is True
    assert queue.reserve() is None
    clock.advance(1.9)
    assert queue.reserve() is None
    clock.advance(0.2)
    job = queue.reserve()
    assert job is not None and job.attempts == 2


@kata("retries", "clock")
def test_backoff_doubles_up_to_the_cap(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Each retry waits twice as long as the one before, never longer than backoff_cap."""
    queue = worker(redis_backend, clock, max_attempts=10, backoff_base=1.0, backoff_cap=5.0)
    assert [queue.backoff(n) for n in range(1, 6)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    queue.enqueue("x")
    for wait in (1.0, 2.0, 4.0, 5.0):
        queue.nack(queue.reserve())
        clock.advance(wait - 0.1)
        assert queue.reserve() is None
        clock.advance(0.2)


@kata("retries", "clock")
def test_a_long_backoff_is_kept_to_the_second(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A nacked job with a 1000 s backoff comes back after 1000 s, not a second off."""
    queue = worker(redis_backend, clock, backoff_base=1_000.0, backoff_cap=1_000.0)
    queue.enqueue("x")
    assert queue.nack(queue.reserve()) is True
    clock.advance(999.5)
    assert queue.reserve() is None
    clock.advance(1.0)
    assert queue.reserve() is not None


@kata("retries", "edge")
def test_the_default_retry_settings(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """By default the backoff starts at 1 s, doubles up to 300 s, and a job gets 5 attempts."""
    queue = solution.JobQueue(redis_backend.client(), clock=clock)
    assert [queue.backoff(n) for n in (1, 2, 9, 10, 20)] == [1.0, 2.0, 256.0, 300.0, 300.0]
    queue.enqueue("poison")
    attempts = []
    for _ in range(8):
        job = queue.reserve()
        if job is not None:
            attempts.append(job.attempts)
            queue.nack(job)
        clock.advance(400)
    assert attempts == [1, 2, 3, 4, 5]
    assert [j.attempts for j in queue.dead_letters()] == [5]


@kata("retries", "example")
def test_a_job_out_of_attempts_is_dead_lettered(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """After max_attempts failed deliveries the job goes to the dead letters and stops coming."""
    queue = worker(redis_backend, clock, max_attempts=3)
    job_id = queue.enqueue("poison")
    queue.enqueue("healthy")
    seen = []
    for _ in range(10):
        job = queue.reserve()
        if job is None:
            clock.advance(60)
            continue
        seen.append(job.payload)
        (queue.nack if job.payload == "poison" else queue.ack)(job)
    assert seen.count("poison") == 3 and seen.count("healthy") == 1
    dead = queue.dead_letters()
    assert [(j.id, j.payload, j.attempts) for j in dead] == [(job_id, "poison", 3)]


@kata("retries", "example")
def test_a_job_that_keeps_killing_its_worker_is_dead_lettered(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Timeouts count as attempts: a job that crashes every worker ends in the dead letters."""
    queue = worker(redis_backend, clock, max_attempts=2)
    queue.enqueue("crashes the worker")
    assert queue.reserve().attempts == 1
    clock.advance(11)
    assert queue.reserve().attempts == 2
    clock.advance(11)
    assert queue.reserve() is None
    assert [j.payload for j in queue.dead_letters()] == ["crashes the worker"]


@kata("retries", "edge")
def test_dead_letters_keep_their_order(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Dead letters list the oldest first, and a single-attempt queue dead-letters on first nack."""
    queue = worker(redis_backend, clock, max_attempts=1)
    payloads = ["first", "", "third", "fourth"]
    ids = [queue.enqueue(payload) for payload in payloads]
    for _ in payloads:
        queue.nack(queue.reserve())
    dead = queue.dead_letters()
    assert [(j.id, j.payload, j.attempts) for j in dead] == [
        (i, p, 1) for i, p in zip(ids, payloads, strict=True)
    ]
    assert all(j.receipt == "" for j in dead), "a dead letter is no delivery: its receipt is empty"
    clock.advance(3_600)
    assert queue.reserve() is None


jobs_ops = st.lists(
    st.tuples(
        st.sampled_from(["enqueue", "reserve", "ack", "nack", "crash", "wait"]), st.integers(0, 7)
    ),
    max_size=24,
)


@kata("retries", "property")
@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=jobs_ops)
def test_every_job_is_acked_or_dead_lettered_in_the_end(
    redis_backend: RedisBackend, steps: list[tuple[str, int]]
) -> None:
    """Whatever workers do (ack, nack, crash, wait), every job ends acked once or dead-lettered."""
    redis_backend.client().flushdb()
    clock = FakeClock()
    queue = worker(redis_backend, clock, max_attempts=3, backoff_base=1.0, backoff_cap=4.0)
    enqueued, acked, held = [], [], []
    for op, n in steps:
        if op == "enqueue":
            enqueued.append(queue.enqueue(f"p{len(enqueued)}"))
        elif op == "reserve":
            job = queue.reserve()
            if job is not None:
                held.append(job)
        elif op == "wait":
            clock.advance(n * 1.5)
        elif held:
            job = held.pop(n % len(held))
            if op == "ack" and queue.ack(job):
                acked.append(job.id)
            elif op == "nack":
                queue.nack(job)
    for _ in range(2):  # everything still held is abandoned; let time pass and finish the rest
        clock.advance(60)
        for job in iter(queue.reserve, None):
            assert queue.ack(job) is True
            acked.append(job.id)
    dead = [j.id for j in queue.dead_letters()]
    assert sorted(acked + dead) == sorted(enqueued)


# --- distributed ----------------------------------------------------------------------------


def connected(backend: RedisBackend, count: int) -> list[redis.Redis]:
    """`count` clients, each connected before any thread starts (as running processes would be)."""
    clients = [backend.client() for _ in range(count)]
    for client in clients:
        client.ping()
    return clients


@kata("distributed", "concurrency")
def test_racing_workers_get_each_job_exactly_once(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """4 workers draining 12 jobs at once: every job delivered to exactly one worker."""
    queues = [worker(redis_backend, clock, client=c) for c in connected(redis_backend, 4)]
    for i in range(12):
        queues[0].enqueue(f"job {i}")

    def work(i: int) -> list[str]:
        got = []
        while (job := queues[i].reserve()) is not None:
            got.append(job.payload)
            queues[i].ack(job)
        return got

    delivered = [p for got in run_threads(4, work) for p in got]
    assert sorted(delivered) == sorted(f"job {i}" for i in range(12))


@kata("distributed", "concurrency")
def test_racing_producers_lose_nothing(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """4 producers enqueueing at once (one id shared by all) lose no job and duplicate none."""
    queues = [worker(redis_backend, clock, client=c) for c in connected(redis_backend, 4)]

    def produce(i: int) -> None:
        queues[i].enqueue("shared", job_id="shared")
        for j in range(3):
            queues[i].enqueue(f"{i}-{j}")

    run_threads(4, produce)
    expected = ["shared"] + [f"{i}-{j}" for i in range(4) for j in range(3)]
    assert sorted(drain(queues[0])) == sorted(expected)


def late_ack_round(clients: list[redis.Redis], clock: FakeClock, delay: int) -> None:
    """A worker acks 3 jobs that timed out while another worker reserves them again."""
    slow, fast = (
        solution.JobQueue(c, name=f"late{delay}", visibility_timeout=10.0, clock=clock)
        for c in clients
    )
    for i in range(3):
        slow.enqueue(f"job {i}")
    stale = [slow.reserve() for _ in range(3)]
    clock.advance(11)

    def race(i: int) -> dict[str, bool]:
        if i == 0:
            return {job.id: slow.ack(job) for job in stale}
        for _ in range(delay):  # start the redelivery a few steps later
            fast.backoff(1)
        settled = {}
        while (job := fast.reserve()) is not None:
            settled[job.id] = fast.ack(job)
        return settled

    late, redelivered = run_threads(2, race)
    # Each job is settled by exactly one delivery: either the late ack came before the
    # redelivery (which then never happens) or after it (and is refused).
    for job in stale:
        assert late[job.id] == (job.id not in redelivered)
        assert late[job.id] or redelivered[job.id]
    assert fast.reserve() is None


@kata("distributed", "concurrency")
def test_a_late_ack_racing_a_redelivery_settles_the_job_once(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A timed-out worker's ack racing a redelivery never succeeds for a job another worker got."""
    clients = connected(redis_backend, 2)
    for delay in range(12):
        late_ack_round(clients, clock, delay % 6)


class Fuse:
    """A worker's Redis client that dies (ConnectionError, nothing sent) once the fuse burns down.

    Until `arm(n)` every command goes through; after it, `n` more commands do, then the process
    is dead. Arming just before one call crashes that call after its n-th command.
    """

    def __init__(self, client: redis.Redis) -> None:
        self.left: int | None = None

        def burning(send: Send, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
            if self.left is not None:
                if self.left <= 0:
                    raise redis.ConnectionError("simulated crash")
                self.left -= 1
            return send(*args, **options)

        self.client = intercept(client, burning)

    def arm(self, commands: int) -> None:
        self.left = commands


def survivor_and_doomed(
    backend: RedisBackend, clock: FakeClock, crash_after: int
) -> tuple[Any, Any, Fuse]:
    """Two workers on a queue holding "precious"; the doomed one's client has a fuse to arm."""
    name = f"q{crash_after}"
    survivor = worker(backend, clock, name=name)
    survivor.enqueue("precious")
    fuse = Fuse(backend.client())
    doomed = worker(backend, clock, name=name, client=fuse.client)
    return survivor, doomed, fuse


@kata("distributed", "failure")
def test_a_crash_anywhere_in_reserve_loses_no_job(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A worker dying at any point inside reserve leaves the job ready or redeliverable."""
    for crash_after in range(8):
        survivor, doomed, fuse = survivor_and_doomed(redis_backend, clock, crash_after)
        fuse.arm(crash_after)
        # A crash while keys are watched reaches the caller as a WatchError (redis-py's).
        with contextlib.suppress(redis.ConnectionError, redis.WatchError):
            doomed.reserve()
        clock.advance(11)
        assert drain(survivor) == ["precious"], f"job lost (crash after {crash_after} commands)"


@kata("distributed", "failure")
def test_a_crash_anywhere_in_nack_loses_no_job(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A worker dying at any point inside nack leaves the job to be retried or redelivered."""
    for crash_after in range(8):
        survivor, doomed, fuse = survivor_and_doomed(redis_backend, clock, crash_after)
        job = doomed.reserve()
        fuse.arm(crash_after)
        with contextlib.suppress(redis.ConnectionError, redis.WatchError):
            doomed.nack(job)
        clock.advance(11)
        assert drain(survivor) == ["precious"], f"job lost (crash after {crash_after} commands)"


@kata("distributed", "failure")
def test_an_outage_raises_and_loses_nothing(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """With Redis down every call raises ConnectionError; afterwards every job is still there."""
    queue = worker(redis_backend, clock)
    queue.enqueue("before")
    held = queue.reserve()
    queue.enqueue("waiting")
    with redis_backend.outage():
        with pytest.raises(redis.ConnectionError):
            queue.enqueue("during")
        with pytest.raises(redis.ConnectionError):
            queue.reserve()
        with pytest.raises(redis.ConnectionError):
            queue.ack(held)
        clock.advance(11)
    assert sorted(drain(queue)) == ["before", "waiting"]
