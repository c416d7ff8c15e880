"""Hidden-style tests for the transactional outbox kata."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, run_threads
from grading.testkit.markers import kata
from grading.testkit.ramdisk import ram_tmpdir
from grading.testkit.sqlite import execute, rows

solution = load_solution("transactional_outbox")

SECRET = b"whsec_test"
NOW = 1_767_225_600  # 2026-01-01 00:00:00 UTC


class Crash(BaseException):
    """The relay process dies: no `except Exception` runs, only a fresh relay carries on."""


class FakeBroker:
    """Records what it accepted, in order. `down` refuses everything; `fail_next` refuses the
    next n publishes; `error` is raised by every publish while set; `crash_after_publish` kills
    the caller after n more accepted events."""

    def __init__(self) -> None:
        self.published: list[Any] = []
        self.down = False
        self.error: Exception | None = None
        self.fail_next = 0
        self.crash_after_publish: int | None = None
        self._lock = threading.Lock()

    def publish(self, event: Any) -> None:
        with self._lock:
            if self.down:
                raise solution.BrokerUnavailable("broker unreachable")
            if self.error is not None:
                raise self.error
            if self.fail_next:
                self.fail_next -= 1
                raise solution.BrokerUnavailable("broker busy")
            self.published.append(event)
            if self.crash_after_publish is not None:
                self.crash_after_publish -= 1
                if self.crash_after_publish <= 0:
                    self.crash_after_publish = None
                    raise Crash("relay killed after the publish, before marking it sent")

    def ids(self) -> list[str]:
        return [e.event_id for e in self.published]


def ship(conn: sqlite3.Connection, event: Any) -> None:
    """The consumer's effect: one shipment per order_placed event."""
    conn.execute("INSERT INTO shipments (order_id) VALUES (?)", (event.payload["order_id"],))


def consumer_db(path: Path) -> Path:
    execute(path, "CREATE TABLE IF NOT EXISTS shipments (order_id INTEGER NOT NULL)")
    return path


def shipped(path: Path) -> list[int]:
    return [r[0] for r in rows(path, "SELECT order_id FROM shipments ORDER BY rowid")]


@pytest.fixture
def workdir() -> Iterator[Path]:
    """Where the SQLite files live (RAM-backed: a commit costs no disk sync)."""
    with ram_tmpdir() as path:
        yield path


@pytest.fixture
def db(workdir: Path) -> Path:
    return workdir / "orders.db"


@pytest.fixture
def inbox(workdir: Path) -> Path:
    return consumer_db(workdir / "shipping.db")


@pytest.fixture
def broker() -> FakeBroker:
    return FakeBroker()


# --- atomic_write ---------------------------------------------------------------------------


@kata("atomic_write", "example")
def test_an_order_produces_one_order_placed_event(db: Path, broker: FakeBroker) -> None:
    """place_order stores the order; the relay then publishes its order_placed event."""
    order_id = solution.OrderService(db).place_order("alice", 4_200)
    assert rows(db, "SELECT id, customer, amount FROM orders") == [(order_id, "alice", 4_200)]
    assert solution.OutboxRelay(db, broker).relay_once() == 1
    [event] = broker.published
    assert event.topic == "order_placed"
    assert event.payload == {"order_id": order_id, "customer": "alice", "amount": 4_200}


@kata("atomic_write", "edge")
def test_every_event_has_its_own_id(db: Path, broker: FakeBroker) -> None:
    """Each order's event carries a distinct, non-empty event_id."""
    service = solution.OrderService(db)
    for i in range(5):
        service.place_order(f"c{i}", 100 + i)
    solution.OutboxRelay(db, broker).relay_once()
    ids = broker.ids()
    assert len(ids) == 5 and len(set(ids)) == 5 and all(ids)


@kata("atomic_write", "edge")
@pytest.mark.parametrize("amount", [0, -5, 9.99, "100", True])
def test_bad_amounts_are_rejected_and_nothing_is_written(
    db: Path, broker: FakeBroker, amount: Any
) -> None:
    """An amount that is not a positive integer is a ValueError; no order, no event."""
    service = solution.OrderService(db)
    with pytest.raises(ValueError):
        service.place_order("alice", amount)
    assert rows(db, "SELECT count(*) FROM orders") == [(0,)]
    assert solution.OutboxRelay(db, broker).relay_once() == 0


@kata("atomic_write", "edge")
def test_the_smallest_amount_is_accepted(db: Path, broker: FakeBroker) -> None:
    """An amount of 1 (one cent) is a valid order with its event."""
    service = solution.OrderService(db)
    order_id = service.place_order("bob", 1)
    assert rows(db, "SELECT id, customer, amount FROM orders") == [(order_id, "bob", 1)]
    assert solution.OutboxRelay(db, broker).relay_once() == 1
    assert broker.published[0].payload == {"order_id": order_id, "customer": "bob", "amount": 1}


@kata("atomic_write", "failure")
def test_failed_event_write_rolls_the_order_back(db: Path, broker: FakeBroker) -> None:
    """If writing the event fails, the order is not stored either (no order without its event)."""
    service = solution.OrderService(db)
    execute(db, "CREATE TRIGGER boom BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'io'); END")
    with pytest.raises(sqlite3.Error):
        service.place_order("alice", 100)
    assert rows(db, "SELECT count(*) FROM orders") == [(0,)]
    execute(db, "DROP TRIGGER boom")
    order_id = service.place_order("bob", 200)
    assert solution.OutboxRelay(db, broker).relay_once() == 1
    assert broker.published[0].payload["order_id"] == order_id


@kata("atomic_write", "failure")
def test_failed_order_write_publishes_nothing(db: Path, broker: FakeBroker) -> None:
    """If writing the order fails, no event for it ever reaches the broker."""
    service = solution.OrderService(db)
    execute(db, "CREATE TRIGGER boom BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'io'); END")
    with pytest.raises(sqlite3.Error):
        service.place_order("alice", 100)
    relay = solution.OutboxRelay(db, broker)
    assert relay.relay_once() == 0
    assert broker.published == []
    assert relay.pending() == 0


@kata("atomic_write", "concurrency")
def test_orders_from_many_processes_each_get_one_event(db: Path, broker: FakeBroker) -> None:
    """Processes placing orders at once: one order and one event each, no lock errors."""
    solution.OrderService(db).close()

    def place(i: int) -> int:
        # Each thread is a process: it opens (and closes) its own service.
        service = solution.OrderService(db)
        try:
            return int(service.place_order(f"c{i}", 10 + i))
        finally:
            service.close()

    ids = run_threads(4, place)
    assert len(set(ids)) == 4
    solution.OutboxRelay(db, broker).relay_once()
    assert sorted(e.payload["order_id"] for e in broker.published) == sorted(ids)


# --- relay ----------------------------------------------------------------------------------


@kata("relay", "example")
def test_relay_publishes_in_order_and_marks_sent(db: Path, broker: FakeBroker) -> None:
    """Pending events go out oldest first, once: a second run publishes nothing."""
    service = solution.OrderService(db)
    ids = [service.place_order(f"c{i}", 100) for i in range(4)]
    relay = solution.OutboxRelay(db, broker)
    assert relay.pending() == 4
    assert relay.relay_once() == 4
    assert [e.payload["order_id"] for e in broker.published] == ids
    assert relay.relay_once() == 0
    assert relay.pending() == 0
    assert len(broker.published) == 4


@kata("relay", "edge")
def test_batch_size_bounds_one_run(db: Path, broker: FakeBroker) -> None:
    """One run publishes at most batch_size events; the next run carries on in order."""
    service = solution.OrderService(db)
    ids = [service.place_order(f"c{i}", 100) for i in range(5)]
    relay = solution.OutboxRelay(db, broker, batch_size=2)
    assert [relay.relay_once() for _ in range(4)] == [2, 2, 1, 0]
    assert [e.payload["order_id"] for e in broker.published] == ids
    with pytest.raises(ValueError):
        solution.OutboxRelay(db, broker, batch_size=0)
    with pytest.raises(ValueError):
        solution.OutboxRelay(db, broker, batch_size=-1)
    service.place_order("c5", 100)
    service.place_order("c6", 100)
    one_by_one = solution.OutboxRelay(db, broker, batch_size=1)
    assert [one_by_one.relay_once() for _ in range(3)] == [1, 1, 0]


@kata("relay", "edge")
def test_the_default_batch_size_is_100(db: Path, broker: FakeBroker) -> None:
    """Without batch_size, one run publishes at most 100 events."""
    service = solution.OrderService(db)
    for i in range(101):
        service.place_order(f"c{i}", 100)
    relay = solution.OutboxRelay(db, broker)
    assert relay.relay_once() == 100
    assert relay.pending() == 1
    assert relay.relay_once() == 1


@kata("relay", "failure")
def test_broker_down_events_wait_and_go_out_later(db: Path, broker: FakeBroker) -> None:
    """With the broker down nothing is lost: events stay pending and go out once it is back."""
    service = solution.OrderService(db)
    ids = [service.place_order(f"c{i}", 100) for i in range(3)]
    relay = solution.OutboxRelay(db, broker)
    broker.down = True
    assert relay.relay_once() == 0
    assert relay.relay_once() == 0
    assert relay.pending() == 3
    broker.down = False
    assert relay.relay_once() == 3
    assert [e.payload["order_id"] for e in broker.published] == ids
    assert relay.pending() == 0


@kata("relay", "failure")
def test_a_refused_event_holds_back_the_later_ones(db: Path, broker: FakeBroker) -> None:
    """An event the broker refuses is retried before any later event goes out: order is kept."""
    service = solution.OrderService(db)
    ids = [service.place_order(f"c{i}", 100) for i in range(4)]
    relay = solution.OutboxRelay(db, broker)
    assert relay.relay_once() == 4
    more = [service.place_order(f"d{i}", 100) for i in range(3)]
    broker.fail_next = 1
    relay.relay_once()
    relay.relay_once()
    assert [e.payload["order_id"] for e in broker.published] == ids + more
    assert relay.pending() == 0


@kata("relay", "failure")
@pytest.mark.parametrize(
    "error", [TimeoutError("publish timed out"), RuntimeError("message too large"), KeyError("x")]
)
def test_any_broker_error_holds_the_event_back(
    db: Path, broker: FakeBroker, error: Exception
) -> None:
    """Any broker error, not only BrokerUnavailable, holds the event back without raising."""
    service = solution.OrderService(db)
    ids = [service.place_order(f"c{i}", 100) for i in range(3)]
    relay = solution.OutboxRelay(db, broker)
    broker.error = error
    assert relay.relay_once() == 0
    assert relay.pending() == 3
    broker.error = None
    assert relay.relay_once() == 3
    assert [e.payload["order_id"] for e in broker.published] == ids


@kata("relay", "failure")
def test_crash_between_publish_and_mark_republishes_the_same_event(
    db: Path, broker: FakeBroker, inbox: Path
) -> None:
    """A relay dying after a publish: the event goes out again, same id, applied once."""
    service = solution.OrderService(db)
    ids = [service.place_order(f"c{i}", 100) for i in range(3)]
    broker.crash_after_publish = 2
    with pytest.raises(Crash):
        solution.OutboxRelay(db, broker).relay_once()
    fresh = solution.OutboxRelay(db, broker)
    assert fresh.relay_once() >= 2
    assert fresh.pending() == 0
    published = broker.ids()
    assert len(published) > len(set(published)) == 3
    consumer = solution.Consumer(inbox, ship)
    applied = [consumer.handle(e) for e in broker.published]
    assert sum(applied) == 3
    assert shipped(inbox) == ids


@kata("relay", "property")
@settings(max_examples=20)
@given(
    steps=st.lists(
        st.sampled_from(["order", "order", "relay", "relay_down", "refuse_one", "crash"]),
        max_size=14,
    )
)
def test_every_order_is_shipped_once_in_order(steps: list[str]) -> None:
    """Any mix of orders, outages, refusals and relay crashes ships every order once, in order."""
    with ram_tmpdir() as tmp:
        db, inbox = tmp / "orders.db", consumer_db(tmp / "shipping.db")
        broker = FakeBroker()
        service = solution.OrderService(db)
        relay = solution.OutboxRelay(db, broker, batch_size=3)
        placed: list[int] = []
        for step in steps:
            if step == "order":
                placed.append(service.place_order("c", 100))
            elif step == "relay_down":
                broker.down = True
                relay.relay_once()
                broker.down = False
            elif step == "refuse_one":
                broker.fail_next = 1
                relay.relay_once()
                broker.fail_next = 0
            elif step == "crash":
                broker.crash_after_publish = 1
                try:
                    relay.relay_once()
                except Crash:
                    relay.close()
                    relay = solution.OutboxRelay(db, broker, batch_size=3)
                broker.crash_after_publish = None
            else:
                relay.relay_once()
        while relay.relay_once():
            pass
        assert relay.pending() == 0
        consumer = solution.Consumer(inbox, ship)
        for event in broker.published:
            consumer.handle(event)
        assert shipped(inbox) == placed
        for closable in (service, relay, consumer):
            closable.close()


# --- dedupe ---------------------------------------------------------------------------------


def order_event(event_id: str, order_id: int) -> Any:
    payload = {"order_id": order_id, "customer": "c", "amount": 100}
    return solution.Event(event_id, "order_placed", payload)


@kata("dedupe", "example")
def test_a_redelivered_event_is_dropped(inbox: Path) -> None:
    """The consumer applies an event once; the same event_id again returns False, no effect."""
    consumer = solution.Consumer(inbox, ship)
    assert consumer.handle(order_event("e-1", 7)) is True
    assert consumer.handle(order_event("e-1", 7)) is False
    assert consumer.handle(order_event("e-2", 8)) is True
    assert shipped(inbox) == [7, 8]


@kata("dedupe", "failure")
def test_dedupe_survives_a_consumer_restart(inbox: Path) -> None:
    """A redelivery after the consumer restarted (a fresh Consumer, same file) is still dropped."""
    first = solution.Consumer(inbox, ship)
    assert first.handle(order_event("e-1", 7)) is True
    first.close()
    assert solution.Consumer(inbox, ship).handle(order_event("e-1", 7)) is False
    assert shipped(inbox) == [7]


@kata("dedupe", "failure")
def test_a_failing_handler_leaves_the_event_to_be_redelivered(inbox: Path) -> None:
    """A handler that fails halfway keeps none of its writes; the redelivery applies it, once."""
    calls = 0

    def flaky(conn: sqlite3.Connection, event: Any) -> None:
        nonlocal calls
        calls += 1
        ship(conn, event)
        if calls == 1:
            raise RuntimeError("downstream hiccup after the first write")

    consumer = solution.Consumer(inbox, flaky)
    with pytest.raises(RuntimeError):
        consumer.handle(order_event("e-1", 7))
    assert shipped(inbox) == []
    assert consumer.handle(order_event("e-1", 7)) is True
    assert consumer.handle(order_event("e-1", 7)) is False
    assert shipped(inbox) == [7]


@kata("dedupe", "concurrency")
def test_consumers_racing_on_the_same_deliveries_apply_each_once(inbox: Path) -> None:
    """4 consumer processes handed the same 5 events at once: each event applied exactly once."""
    solution.Consumer(inbox, ship).close()
    events = [order_event(f"e-{n}", n) for n in range(5)]

    def consume(i: int) -> int:
        # Each thread is a process: it opens (and closes) its own consumer.
        consumer = solution.Consumer(inbox, ship)
        try:
            return sum(consumer.handle(e) for e in events)
        finally:
            consumer.close()

    applied = run_threads(4, consume)
    assert sum(applied) == 5
    assert sorted(shipped(inbox)) == list(range(5))


# --- webhook --------------------------------------------------------------------------------


def expected_signature(secret: bytes, body: bytes, timestamp: int) -> str:
    return hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


@kata("webhook", "example")
def test_signature_header_format() -> None:
    """sign_webhook returns t=<timestamp>,v1=<hex HMAC-SHA256 of '<timestamp>.' + body>."""
    body = b'{"event_id":"e-1"}'
    header = solution.sign_webhook(SECRET, body, NOW)
    assert header == f"t={NOW},v1={expected_signature(SECRET, body, NOW)}"


@kata("webhook", "example")
def test_a_fresh_signed_webhook_is_accepted() -> None:
    """A webhook signed a few seconds ago with the shared secret verifies."""
    body = b'{"event_id":"e-1"}'
    header = solution.sign_webhook(SECRET, body, NOW - 5)
    assert isinstance(header, str) and f"t={NOW - 5}" in header and "v1=" in header
    assert solution.verify_webhook(SECRET, body, header, clock=FakeClock(NOW)) is None


@kata("webhook", "edge")
def test_tampered_body_or_wrong_secret_is_rejected() -> None:
    """A changed body, or a signature made with another secret, raises InvalidSignature."""
    body = b'{"amount":100}'
    header = solution.sign_webhook(SECRET, body, NOW)
    with pytest.raises(solution.InvalidSignature):
        solution.verify_webhook(SECRET, b'{"amount":999}', header, clock=FakeClock(NOW))
    forged = solution.sign_webhook(b"guess", body, NOW)
    with pytest.raises(solution.InvalidSignature):
        solution.verify_webhook(SECRET, body, forged, clock=FakeClock(NOW))


@kata("webhook", "edge")
def test_the_signature_covers_the_exact_body_bytes() -> None:
    """The HMAC covers the body's exact bytes: same JSON in other bytes does not verify."""
    for body in (b'{"b": 1,  "a":2}\n', b"\x00\xffnot json at all"):
        header = solution.sign_webhook(SECRET, body, NOW)
        assert header == f"t={NOW},v1={expected_signature(SECRET, body, NOW)}"
        solution.verify_webhook(SECRET, body, header, clock=FakeClock(NOW))
    sent = b'{"b": 1,  "a":2}'
    header = f"t={NOW},v1={expected_signature(SECRET, sent, NOW)}"
    solution.verify_webhook(SECRET, sent, header, clock=FakeClock(NOW))
    for same_json in (b'{"b":1,"a":2}', b'{"a": 2, "b": 1}'):
        with pytest.raises(solution.InvalidSignature):
            solution.verify_webhook(SECRET, same_json, header, clock=FakeClock(NOW))


@kata("webhook", "edge")
@pytest.mark.parametrize(
    "header",
    [
        "",
        "garbage",
        f"t={NOW}",
        "v1=abc",
        f"t=soon,v1={'0' * 64}",
        f"t={NOW},v1=",
        f"t={NOW},v1=é",
    ],
)
def test_malformed_headers_are_rejected(header: str) -> None:
    """A header without a timestamp or a signature raises InvalidSignature, not another error."""
    with pytest.raises(solution.InvalidSignature):
        solution.verify_webhook(SECRET, b"{}", header, clock=FakeClock(NOW))


@kata("webhook", "edge")
def test_an_old_signature_with_a_fresh_timestamp_is_rejected() -> None:
    """Replaying a captured body and signature under a new timestamp fails: t is signed too."""
    body = b'{"event_id":"e-1"}'
    captured = solution.sign_webhook(SECRET, body, NOW - 3_600)
    signature = captured.split("v1=", 1)[1]
    replay = f"t={NOW},v1={signature}"
    with pytest.raises(solution.InvalidSignature):
        solution.verify_webhook(SECRET, body, replay, clock=FakeClock(NOW))


@kata("webhook", "edge")
def test_only_v1_entries_are_signatures() -> None:
    """Entries of other schemes (v0=, x=) are ignored, even when they hold the right digest."""
    body = b"{}"
    digest = expected_signature(SECRET, body, NOW)
    for header in (f"t={NOW},v0={digest}", f"t={NOW},x={digest}", f"t={NOW},{digest}"):
        with pytest.raises(solution.InvalidSignature):
            solution.verify_webhook(SECRET, body, header, clock=FakeClock(NOW))
    solution.verify_webhook(SECRET, body, f"t={NOW},v0={digest},v1={digest}", clock=FakeClock(NOW))


@kata("webhook", "edge")
def test_any_of_several_signatures_may_match() -> None:
    """During a secret rotation the header carries several v1 entries; one match is enough."""
    body = b"{}"
    header = f"t={NOW},v1={'0' * 64},v1={expected_signature(SECRET, body, NOW)}"
    solution.verify_webhook(SECRET, body, header, clock=FakeClock(NOW))
    with pytest.raises(solution.InvalidSignature):  # and with no matching entry, none verifies
        solution.verify_webhook(SECRET, body, f"t={NOW},v1={'0' * 64}", clock=FakeClock(NOW))


@kata("webhook", "clock")
def test_timestamps_outside_the_tolerance_are_rejected() -> None:
    """A signature beyond the tolerance either way is refused; within it (bound included), not."""
    body = b"{}"
    clock = FakeClock(NOW)
    for age in (299, -299, 300, -300):
        header = solution.sign_webhook(SECRET, body, NOW - age)
        solution.verify_webhook(SECRET, body, header, tolerance=300, clock=clock)
    for age in (301, 86_400, -301):
        header = solution.sign_webhook(SECRET, body, NOW - age)
        with pytest.raises(solution.InvalidSignature):
            solution.verify_webhook(SECRET, body, header, tolerance=300, clock=clock)


@kata("webhook", "clock")
def test_the_default_tolerance_is_five_minutes() -> None:
    """Without a tolerance, a timestamp up to 300 s off either way verifies, and no further."""
    body = b"{}"
    header = solution.sign_webhook(SECRET, body, NOW)
    for now in (NOW + 300, NOW - 300):
        solution.verify_webhook(SECRET, body, header, clock=FakeClock(now))
    for now in (NOW + 300.5, NOW - 300.5):
        with pytest.raises(solution.InvalidSignature):
            solution.verify_webhook(SECRET, body, header, clock=FakeClock(now))


@kata("webhook", "clock")
def test_a_replay_is_refused_once_the_tolerance_has_passed() -> None:
    """The same signed webhook verifies now and is refused when replayed ten minutes later."""
    body = b'{"event_id":"e-1"}'
    header = solution.sign_webhook(SECRET, body, NOW)
    clock = FakeClock(NOW + 1)
    solution.verify_webhook(SECRET, body, header, clock=clock)
    clock.advance(600)
    with pytest.raises(solution.InvalidSignature):
        solution.verify_webhook(SECRET, body, header, clock=clock)


@kata("webhook", "clock")
def test_default_clock_is_unix_time(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument, verification reads time.time (Unix time), not time.monotonic."""
    wall, monotonic = system_clocks
    body = b"{}"
    wall.set(NOW + 60)
    header = solution.sign_webhook(SECRET, body, NOW)
    monotonic.set(NOW + 60)
    solution.verify_webhook(SECRET, body, header)
    wall.set(NOW + 3_600)
    with pytest.raises(solution.InvalidSignature):
        solution.verify_webhook(SECRET, body, header)
