"""Hidden-style tests for the idempotent payments kata."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, run_threads
from grading.testkit.markers import kata
from grading.testkit.redis_backend import RedisBackend
from grading.testkit.waiting import scheduled, spawn, wait_until

solution = load_solution("idempotent_payments")

DAY = 86_400.0
LEASE = 30.0


class FakeProvider:
    """A payment API: records every call and every charge, and dedupes charges by key.

    `honours_keys=False` models a provider without idempotency keys, where every call charges.
    `timeout_after_charge`, `freeze_after_charge` and `fail_before_charge` inject faults on the
    next calls; `during_charge` runs once, after the money moved, before the call returns.
    A frozen call sets `frozen` and never returns: its process is dead (see `crash_after_charge`).
    """

    def __init__(self, honours_keys: bool = True) -> None:
        self.honours_keys = honours_keys
        self.calls: list[str] = []
        self.charges: list[dict[str, Any]] = []
        self._by_key: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self.timeout_after_charge = 0
        self.freeze_after_charge = 0
        self.frozen = threading.Event()
        self.fail_before_charge = 0
        self.during_charge: Callable[[], None] | None = None

    def charge(self, request: Mapping[str, Any], idempotency_key: str) -> dict[str, Any]:
        with self._lock:
            self.calls.append(idempotency_key)
            if self.fail_before_charge:
                self.fail_before_charge -= 1
                raise ConnectionError("provider refused the connection")
            receipt = self._by_key.get(idempotency_key) if self.honours_keys else None
            if receipt is None:
                receipt = {
                    "charge_id": f"ch_{len(self.charges) + 1}",
                    "amount": request["amount"],
                    "currency": request["currency"],
                    "status": "succeeded",
                }
                self.charges.append(receipt)
                self._by_key[idempotency_key] = receipt
            hook, self.during_charge = self.during_charge, None
        if hook is not None:
            hook()
        if self.timeout_after_charge:
            self.timeout_after_charge -= 1
            raise solution.ProviderTimeout("no answer in 10 s: charged or not, nobody knows")
        if self.freeze_after_charge:
            self.freeze_after_charge -= 1
            self.frozen.set()
            threading.Event().wait()  # never set: this call, and its process, never go on
        return dict(receipt)


def crash_after_charge(provider: FakeProvider, attempt: Callable[[], object]) -> None:
    """Run `attempt` as a process killed inside the provider, right after the money moved.

    The attempt runs on a thread that the provider then blocks for good, so no line of the
    solution runs after that point (no `except`, no `finally`), as when a process is killed.
    """
    provider.freeze_after_charge = 1
    task = spawn(attempt)
    wait_until(lambda: provider.frozen.is_set() or task.done.is_set(), timeout=3.0)
    if not provider.frozen.is_set():
        task.result()  # the attempt ended without reaching the provider: show why
        raise AssertionError("the attempt never called the provider")


def pay(amount: int = 1_000, currency: str = "EUR", card: str = "tok_visa") -> dict[str, Any]:
    return {"amount": amount, "currency": currency, "card": card}


@pytest.fixture
def provider() -> FakeProvider:
    return FakeProvider()


Make = Callable[..., Any]


@pytest.fixture
def make(redis_backend: RedisBackend, provider: FakeProvider, clock: FakeClock) -> Make:
    """A new processor on its own connection: one simulated process."""

    def build(**kwargs: Any) -> Any:
        kwargs.setdefault("clock", clock)
        kwargs.setdefault("provider", provider)
        return solution.PaymentProcessor(redis_backend.client(), **kwargs)

    return build


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_first_request_charges_once_and_returns_the_receipt(
    make: Make, provider: FakeProvider
) -> None:
    """A new key charges the card once and returns the provider's receipt."""
    receipt = make().process("key-1", pay(2_500))
    assert receipt == provider.charges[0]
    assert receipt["amount"] == 2_500
    assert len(provider.charges) == 1


@kata("core", "example")
def test_replay_returns_the_stored_receipt_without_calling_the_provider(
    make: Make, provider: FakeProvider
) -> None:
    """A retried request returns the first receipt and does not call the provider again."""
    processor = make()
    first = processor.process("key-1", pay())
    assert processor.process("key-1", pay()) == first
    assert processor.process("key-1", pay()) == first
    assert provider.calls == ["key-1"]


@kata("core", "example")
def test_replay_through_another_process_returns_the_stored_receipt(
    make: Make, provider: FakeProvider
) -> None:
    """A retry that lands on another process (another Redis connection) gets the same receipt."""
    first = make().process("key-1", pay())
    assert make().process("key-1", pay()) == first
    assert len(provider.calls) == 1


@kata("core", "edge")
def test_same_key_with_a_different_body_is_rejected(make: Make, provider: FakeProvider) -> None:
    """Reusing a key with a different request raises IdempotencyKeyReused and charges nothing."""
    processor = make()
    processor.process("key-1", pay(1_000))
    with pytest.raises(solution.IdempotencyKeyReused):
        processor.process("key-1", pay(9_000))
    with pytest.raises(solution.IdempotencyKeyReused):
        make().process("key-1", pay(1_000, card="tok_other"))
    assert len(provider.calls) == 1


@kata("core", "edge")
def test_rejected_reuse_leaves_the_stored_receipt_alone(make: Make) -> None:
    """After a rejected reuse, the original request still replays its own receipt."""
    processor = make()
    first = processor.process("key-1", pay(1_000))
    with pytest.raises(solution.IdempotencyKeyReused):
        processor.process("key-1", pay(7_000))
    assert processor.process("key-1", pay(1_000)) == first


@kata("core", "edge")
def test_body_key_order_does_not_matter(make: Make, provider: FakeProvider) -> None:
    """The same body with its fields in another order is the same request: a replay."""
    processor = make()
    first = processor.process("key-1", {"amount": 500, "currency": "USD", "card": "tok_1"})
    again = processor.process("key-1", {"card": "tok_1", "currency": "USD", "amount": 500})
    assert again == first
    assert len(provider.calls) == 1


@kata("core", "edge")
def test_nested_field_order_does_not_matter(make: Make, provider: FakeProvider) -> None:
    """Nested objects of the body compare as JSON too: their field order does not matter."""
    processor = make()
    body = {**pay(), "metadata": {"order": "o-17", "shop": {"id": 3, "country": "FR"}}}
    first = processor.process("key-1", body)
    reordered = {**pay(), "metadata": {"shop": {"country": "FR", "id": 3}, "order": "o-17"}}
    assert make().process("key-1", reordered) == first
    with pytest.raises(solution.IdempotencyKeyReused):
        processor.process("key-1", {**pay(), "metadata": {"order": "o-18", "shop": {"id": 3}}})
    assert len(provider.calls) == 1


@kata("core", "edge")
def test_the_key_not_the_body_identifies_a_payment(make: Make, provider: FakeProvider) -> None:
    """Two keys with identical bodies are two payments (the customer really bought twice)."""
    processor = make()
    a = processor.process("key-a", pay())
    b = processor.process("key-b", pay())
    assert a["charge_id"] != b["charge_id"]
    assert len(provider.charges) == 2


@kata("core", "edge")
def test_a_store_that_decodes_responses_works(
    redis_backend: RedisBackend, provider: FakeProvider, clock: FakeClock
) -> None:
    """A Redis client made with decode_responses=True (replies as str) works like any other."""

    def build() -> Any:
        store = redis_backend.client(decode_responses=True)
        return solution.PaymentProcessor(store, provider, clock=clock)

    first = build().process("key-1", pay())
    assert build().process("key-1", pay()) == first
    with pytest.raises(solution.IdempotencyKeyReused):
        build().process("key-1", pay(9_000))
    assert len(provider.calls) == 1


@kata("core", "edge")
def test_empty_key_is_rejected(make: Make, provider: FakeProvider) -> None:
    """An empty idempotency key is a ValueError, and nothing is charged."""
    with pytest.raises(ValueError):
        make().process("", pay())
    assert provider.calls == []


requests = st.lists(
    st.tuples(st.sampled_from("abc"), st.sampled_from([100, 200]), st.booleans()),
    max_size=12,
)


@kata("core", "property")
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=requests)
def test_agrees_with_a_table_of_first_requests(
    redis_backend: RedisBackend, steps: list[tuple[str, int, bool]]
) -> None:
    """Over any sequence, each key charges once, replays its receipt and rejects other bodies."""
    store = redis_backend.client()
    store.flushdb()
    provider = FakeProvider(honours_keys=False)
    processors = [
        solution.PaymentProcessor(store, provider, clock=FakeClock()),
        solution.PaymentProcessor(redis_backend.client(), provider, clock=FakeClock()),
    ]
    first: dict[str, tuple[int, dict[str, Any]]] = {}
    for key, amount, other_process in steps:
        processor = processors[other_process]
        if key in first and first[key][0] != amount:
            with pytest.raises(solution.IdempotencyKeyReused):
                processor.process(key, pay(amount))
            continue
        receipt = processor.process(key, pay(amount))
        if key in first:
            assert receipt == first[key][1]
        else:
            first[key] = (amount, receipt)
    assert len(provider.charges) == len(first)


# --- expiry ---------------------------------------------------------------------------------


@kata("expiry", "clock")
def test_a_replay_within_the_window_is_still_a_replay(
    make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """A retry just under 24 h later still returns the stored receipt."""
    processor = make()
    first = processor.process("key-1", pay())
    clock.advance(DAY - 0.5)
    assert processor.process("key-1", pay()) == first
    with pytest.raises(solution.IdempotencyKeyReused):
        processor.process("key-1", pay(5))
    assert len(provider.calls) == 1


@kata("expiry", "clock")
def test_keys_are_forgotten_after_the_window(
    make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """Past 24 h a key is forgotten: reusing it starts a new payment."""
    provider.honours_keys = False  # the provider's own key window is its business
    processor = make()
    processor.process("key-1", pay(1_000))
    clock.advance(DAY + 0.5)
    receipt = processor.process("key-1", pay(3_000))
    assert receipt["amount"] == 3_000
    assert len(provider.calls) == 2


@kata("expiry", "clock")
def test_the_window_is_configurable(make: Make, provider: FakeProvider, clock: FakeClock) -> None:
    """ttl_seconds sets the window: with 60 s, a key is replayed at 50 s and forgotten at 70 s."""
    processor = make(ttl_seconds=60, lease_seconds=5)
    provider.honours_keys = False
    first = processor.process("key-1", pay())
    clock.advance(50)
    assert processor.process("key-1", pay()) == first
    clock.advance(20)
    assert processor.process("key-1", pay())["charge_id"] != first["charge_id"]
    assert len(provider.charges) == 2


@kata("expiry", "clock")
def test_default_clock_is_the_wall_clock_processes_share(
    redis_backend: RedisBackend, provider: FakeProvider, system_clocks: tuple[FakeClock, FakeClock]
) -> None:
    """Without a clock argument, expiry follows time.time (comparable between processes)."""
    wall, monotonic = system_clocks
    provider.honours_keys = False
    solution.PaymentProcessor(redis_backend.client(), provider).process("key-1", pay(1_000))
    monotonic.advance(2 * DAY)
    with pytest.raises(solution.IdempotencyKeyReused):
        solution.PaymentProcessor(redis_backend.client(), provider).process("key-1", pay(2_000))
    wall.advance(DAY + 60)
    later = solution.PaymentProcessor(redis_backend.client(), provider)
    assert later.process("key-1", pay(2_000))["amount"] == 2_000


@kata("expiry", "edge")
def test_redis_forgets_records_by_itself(redis_backend: RedisBackend, make: Make) -> None:
    """Every record carries a Redis TTL covering the window (in seconds, not ms) and not forever."""
    store = redis_backend.client()
    for ttl, lease in ((DAY, LEASE), (600.0, 5.0)):
        store.flushdb()
        processor = make(ttl_seconds=ttl, lease_seconds=lease)
        for i in range(3):
            processor.process(f"key-{i}", pay())
        keys = list(store.scan_iter())
        assert keys
        # Only the TTL Redis reports is read: nothing waits for Redis to expire a key.
        for key in keys:
            assert ttl / 2 <= store.pttl(key) / 1000 <= 2 * (ttl + lease)


@kata("expiry", "edge")
def test_non_positive_settings_are_rejected(redis_backend: RedisBackend) -> None:
    """A lease or window that is not positive is a ValueError."""
    bad = ({"lease_seconds": 0}, {"lease_seconds": -1}, {"ttl_seconds": 0}, {"ttl_seconds": -1})
    for settings_ in bad:
        with pytest.raises(ValueError):
            solution.PaymentProcessor(redis_backend.client(), FakeProvider(), **settings_)


@kata("expiry", "clock")
def test_short_settings_are_accepted(make: Make, provider: FakeProvider, clock: FakeClock) -> None:
    """Any positive lease and window works, fractions of a second included."""
    provider.honours_keys = False
    processor = make(lease_seconds=0.25, ttl_seconds=0.5)
    first = processor.process("key-1", pay())
    clock.advance(0.4)
    assert processor.process("key-1", pay()) == first
    clock.advance(0.2)
    assert processor.process("key-1", pay())["charge_id"] != first["charge_id"]
    assert len(provider.charges) == 2


# --- concurrent -----------------------------------------------------------------------------


def processes(backend: RedisBackend, provider: FakeProvider, clock: FakeClock, n: int) -> list[Any]:
    """n processors, each on its own connection, opened here so threads only send commands."""
    clients = [backend.client() for _ in range(n)]
    for client in clients:
        # fakeredis sets a connection's database up without its lock: connect before the race.
        client.ping()
    return [solution.PaymentProcessor(client, provider, clock=clock) for client in clients]


@kata("concurrent", "edge")
def test_a_duplicate_during_the_charge_gets_a_conflict(make: Make, provider: FakeProvider) -> None:
    """A duplicate arriving while the first attempt is charging gets RequestInProgress."""
    seen: list[BaseException] = []

    def duplicate() -> None:
        try:
            make().process("key-1", pay())
        except solution.RequestInProgress as exc:
            seen.append(exc)

    provider.during_charge = duplicate
    make().process("key-1", pay())
    assert len(seen) == 1
    assert len(provider.calls) == 1


@kata("concurrent", "concurrency")
def test_simultaneous_duplicates_charge_exactly_once(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """4 processes sending one key at once: one charge; the rest conflict or get that receipt."""
    provider = FakeProvider(honours_keys=False)
    processors = processes(redis_backend, provider, clock, 4)

    def attempt(i: int) -> object:
        try:
            return processors[i].process("key-1", pay())
        except solution.RequestInProgress:
            return "conflict"

    outcomes = run_threads(4, attempt)
    assert len(provider.charges) == 1
    assert all(o == "conflict" or o == provider.charges[0] for o in outcomes)
    assert processors[0].process("key-1", pay()) == provider.charges[0]


@kata("concurrent", "concurrency")
def test_simultaneous_requests_with_different_keys_all_go_through(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """4 processes with 4 different keys: every one is charged once, none blocks another."""
    provider = FakeProvider(honours_keys=False)
    processors = processes(redis_backend, provider, clock, 4)
    outcomes = run_threads(4, lambda i: processors[i].process(f"key-{i}", pay(100 + i)))
    assert sorted(o["amount"] for o in outcomes) == [100 + i for i in range(4)]
    assert len(provider.charges) == 4


@kata("concurrent", "concurrency")
def test_retry_storm_over_two_keys_charges_each_once(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """4 processes retrying two keys three times each: exactly two charges."""
    provider = FakeProvider(honours_keys=False)
    processors = processes(redis_backend, provider, clock, 4)

    def storm(i: int) -> int:
        conflicts = 0
        for _ in range(3):
            try:
                processors[i].process(f"key-{i % 2}", pay())
            except solution.RequestInProgress:
                conflicts += 1
        return conflicts

    run_threads(4, storm)
    assert len(provider.charges) == 2


# --- recovery -------------------------------------------------------------------------------


@kata("recovery", "failure")
def test_store_down_means_no_charge_and_a_clear_error(
    redis_backend: RedisBackend, make: Make, provider: FakeProvider
) -> None:
    """With Redis unreachable, process raises StoreUnavailable and never calls the provider."""
    processor = make()
    with redis_backend.outage():
        with pytest.raises(solution.StoreUnavailable):
            processor.process("key-1", pay())
        assert provider.calls == []
    assert processor.process("key-1", pay()) == provider.charges[0]
    assert len(provider.charges) == 1


@kata("recovery", "failure")
@scheduled
def test_crash_after_the_charge_is_recovered_once_the_lease_ends(
    make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """A process dying after the charge blocks retries until its lease (30 s by default) ends."""
    crash_after_charge(provider, lambda: make().process("key-1", pay()))
    clock.advance(LEASE - 0.5)
    with pytest.raises(solution.RequestInProgress):
        make().process("key-1", pay())
    clock.advance(1)
    receipt = make().process("key-1", pay())
    assert receipt == provider.charges[0]
    assert len(provider.charges) == 1
    assert make().process("key-1", pay()) == receipt


@kata("recovery", "failure")
@scheduled
def test_a_custom_lease_is_honoured(make: Make, provider: FakeProvider, clock: FakeClock) -> None:
    """lease_seconds sets how long a dead attempt blocks its key: 5 s here."""
    crash_after_charge(provider, lambda: make(lease_seconds=5).process("key-1", pay()))
    clock.advance(4)
    with pytest.raises(solution.RequestInProgress):
        make(lease_seconds=5).process("key-1", pay())
    clock.advance(2)
    assert make(lease_seconds=5).process("key-1", pay()) == provider.charges[0]


@kata("recovery", "failure")
def test_ambiguous_timeout_then_retry_charges_once(make: Make, provider: FakeProvider) -> None:
    """The provider charges, then times out: the caller gets the error, the retry the charge."""
    provider.timeout_after_charge = 1
    processor = make()
    with pytest.raises(solution.ProviderTimeout):
        processor.process("key-1", pay())
    receipt = processor.process("key-1", pay())
    assert receipt == provider.charges[0]
    assert len(provider.charges) == 1
    assert set(provider.calls) == {provider.calls[0]}


@kata("recovery", "failure")
def test_a_failed_charge_is_not_stored(make: Make, provider: FakeProvider) -> None:
    """A provider error before any charge frees the key: the retry charges, once."""
    provider.fail_before_charge = 1
    processor = make()
    with pytest.raises(ConnectionError):
        processor.process("key-1", pay())
    assert processor.process("key-1", pay()) == provider.charges[0]
    assert len(provider.charges) == 1


@kata("recovery", "failure")
def test_a_provider_error_with_the_store_down_is_still_raised(
    redis_backend: RedisBackend, make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """The provider times out while Redis is down: the caller gets the provider's error."""
    provider.timeout_after_charge = 1
    provider.during_charge = redis_backend.down
    with pytest.raises(solution.ProviderTimeout):
        make().process("key-1", pay())
    redis_backend.up()
    clock.advance(LEASE + 1)
    assert make().process("key-1", pay()) == provider.charges[0]
    assert len(provider.charges) == 1


@kata("recovery", "failure")
def test_store_lost_after_the_charge_is_recovered_without_a_second_charge(
    redis_backend: RedisBackend, make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """Redis dies between charge and completion: StoreUnavailable, then recovery charges nothing."""
    provider.during_charge = redis_backend.down
    with pytest.raises(solution.StoreUnavailable):
        make().process("key-1", pay())
    redis_backend.up()
    with pytest.raises(solution.RequestInProgress):
        make().process("key-1", pay())
    clock.advance(LEASE + 1)
    assert make().process("key-1", pay()) == provider.charges[0]
    assert len(provider.charges) == 1


@kata("recovery", "failure")
def test_slow_attempt_overtaken_after_its_lease_charges_once(
    make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """An attempt so slow its lease ends is taken over; both callers get the one charge."""
    late: list[dict[str, Any]] = []

    def overtaken() -> None:
        clock.advance(LEASE + 1)
        late.append(make().process("key-1", pay()))

    provider.during_charge = overtaken
    slow = make().process("key-1", pay())
    assert late == [slow]
    assert len(provider.charges) == 1
    assert make().process("key-1", pay()) == slow


@kata("recovery", "failure")
@scheduled
def test_after_a_crash_the_key_still_rejects_another_body(
    make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """Once a dead attempt's lease ends, a different request with its key is still rejected."""
    crash_after_charge(provider, lambda: make().process("key-1", pay(1_000)))
    clock.advance(LEASE + 1)
    with pytest.raises(solution.IdempotencyKeyReused):
        make().process("key-1", pay(9_000))
    assert make().process("key-1", pay(1_000)) == provider.charges[0]
    assert len(provider.charges) == 1


@kata("recovery", "failure")
def test_an_overtaken_attempt_that_fails_leaves_the_new_claim_alone(
    make: Make, provider: FakeProvider, clock: FakeClock
) -> None:
    """A slow attempt that fails after being taken over does not free the key it no longer holds."""
    late: list[dict[str, Any]] = []

    def overtaken() -> None:
        clock.advance(LEASE + 1)
        late.append(make().process("key-1", pay()))
        provider.timeout_after_charge = 1  # and then the slow attempt's own call fails

    provider.during_charge = overtaken
    with pytest.raises(solution.ProviderTimeout):
        make().process("key-1", pay())
    assert make().process("key-1", pay()) == late[0]
    assert len(provider.calls) == 2
