"""Hidden-style tests for the optimistic locking kata."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import run_threads, scheduler
from grading.testkit.markers import kata
from grading.testkit.ramdisk import ram_tmpdir
from grading.testkit.waiting import scheduled

solution = load_solution("optimistic_locking")
T = TypeVar("T")


@pytest.fixture
def db() -> Iterator[Path]:
    """The records' SQLite file (RAM-backed: a commit costs no disk sync)."""
    with ram_tmpdir() as path:
        yield path / "records.db"


@pytest.fixture
def store(db: Path) -> Any:
    opened = solution.VersionedStore(db)
    yield opened
    opened.close()


def stores(db: Path, count: int) -> list[Any]:
    """`count` stores on one file, as `count` processes would have. The first creates the schema."""
    return [solution.VersionedStore(db) for _ in range(count)]


def interfering(db: Path, key: str, times: int) -> tuple[list[Any], Any]:
    """A change function that lets another process bump the record on its first `times` calls."""
    other = solution.VersionedStore(db)
    seen: list[Any] = []

    def change(value: Any) -> Any:
        seen.append(value)
        if len(seen) <= times:
            current = other.get(key)
            other.update(key, current.value + 100, current.version)
        return value + 1

    return seen, change


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_create_then_get_returns_version_one(store: Any) -> None:
    """A created record reads back with its value at version 1."""
    created = store.create("acct", {"balance": 10})
    assert (created.value, created.version) == ({"balance": 10}, 1)
    record = store.get("acct")
    assert (record.key, record.value, record.version) == ("acct", {"balance": 10}, 1)


@kata("core", "example")
def test_update_with_current_version_bumps_it(store: Any) -> None:
    """update() with the stored version writes the value and returns the next version."""
    store.create("acct", 10)
    updated = store.update("acct", 15, expected_version=1)
    assert (updated.value, updated.version) == (15, 2)
    assert store.update("acct", 20, expected_version=2).version == 3
    assert (store.get("acct").value, store.get("acct").version) == (20, 3)


@kata("core", "edge")
def test_stale_version_is_a_conflict_and_writes_nothing(store: Any) -> None:
    """A stale update raises VersionConflict(key, expected, actual stored) and writes nothing."""
    store.create("acct", 10)
    store.update("acct", 11, expected_version=1)
    with pytest.raises(solution.VersionConflict) as info:
        store.update("acct", 99, expected_version=1)
    assert (info.value.key, info.value.expected, info.value.actual) == ("acct", 1, 2)
    store.update("acct", 12, expected_version=2)
    with pytest.raises(solution.VersionConflict) as info:
        store.update("acct", 99, expected_version=1)
    assert (info.value.key, info.value.expected, info.value.actual) == ("acct", 1, 3)
    assert (store.get("acct").value, store.get("acct").version) == (12, 3)


@kata("core", "edge")
def test_future_version_is_a_conflict(store: Any) -> None:
    """A version ahead of the stored one is a conflict too, for update and delete alike."""
    store.create("acct", 10)
    with pytest.raises(solution.VersionConflict):
        store.update("acct", 99, expected_version=5)
    with pytest.raises(solution.VersionConflict) as info:
        store.delete("acct", expected_version=2)
    assert (info.value.expected, info.value.actual) == (2, 1)
    assert (store.get("acct").value, store.get("acct").version) == (10, 1)


@kata("core", "edge")
def test_two_writers_from_one_read_only_the_first_wins(db: Path) -> None:
    """Two processes that read the same version: the second write is rejected, not lost-updated."""
    alice, bob = stores(db, 2)
    alice.create("doc", "v0")
    seen_by_alice, seen_by_bob = alice.get("doc"), bob.get("doc")
    alice.update("doc", "alice", seen_by_alice.version)
    with pytest.raises(solution.VersionConflict):
        bob.update("doc", "bob", seen_by_bob.version)
    assert bob.get("doc").value == "alice"


@kata("core", "edge")
def test_missing_key_is_a_key_error(store: Any) -> None:
    """get, update and delete of a key that does not exist raise KeyError."""
    with pytest.raises(KeyError):
        store.get("ghost")
    with pytest.raises(KeyError):
        store.update("ghost", 1, expected_version=1)
    with pytest.raises(KeyError):
        store.delete("ghost", expected_version=1)


@kata("core", "edge")
def test_records_and_conflicts_name_their_key(store: Any) -> None:
    """Records returned by create and update, and conflicts, carry the key they are about."""
    assert store.create("acct", 10).key == "acct"
    assert store.update("acct", 11, expected_version=1).key == "acct"
    with pytest.raises(solution.VersionConflict) as created:
        store.create("acct", 0)
    assert (created.value.key, created.value.expected) == ("acct", 0)
    with pytest.raises(solution.VersionConflict) as updated:
        store.update("acct", 12, expected_version=1)
    assert (updated.value.key, updated.value.expected) == ("acct", 1)


@kata("core", "edge")
def test_creating_an_existing_key_is_a_conflict(store: Any) -> None:
    """create() on a key that exists raises VersionConflict and keeps the stored record."""
    store.create("acct", 10)
    store.update("acct", 11, expected_version=1)
    with pytest.raises(solution.VersionConflict) as info:
        store.create("acct", 0)
    assert info.value.actual == 2
    assert store.get("acct").value == 11


@kata("core", "edge")
def test_delete_checks_the_version(store: Any) -> None:
    """delete() with a stale version is a conflict; with the current one the record is gone."""
    store.create("acct", 10)
    store.update("acct", 11, expected_version=1)
    with pytest.raises(solution.VersionConflict) as info:
        store.delete("acct", expected_version=1)
    assert (info.value.key, info.value.expected, info.value.actual) == ("acct", 1, 2)
    store.delete("acct", expected_version=2)
    with pytest.raises(KeyError):
        store.get("acct")


@kata("core", "example")
def test_records_survive_a_new_connection(db: Path) -> None:
    """What one store wrote, a store opened later on the same file reads."""
    first = solution.VersionedStore(db)
    first.create("acct", [1, 2])
    first.update("acct", [1, 2, 3], expected_version=1)
    first.close()
    later = solution.VersionedStore(db)
    record = later.get("acct")
    assert (record.value, record.version) == ([1, 2, 3], 2)


# JSON values of every kind: the store must give back exactly what was written.
json_values = st.sampled_from(
    [None, True, False, 0, -7, 2**40, 1.5, "", 'é "q" \\', [], [1, [2, None]], {"a": {"b": [True]}}]
)
operations = st.lists(
    st.tuples(st.sampled_from(["update", "delete", "create"]), st.integers(-3, 2), json_values),
    max_size=20,
)


@kata("core", "property")
@settings(max_examples=30)
@given(ops=operations)
def test_agrees_with_a_versioned_dict(ops: list[tuple[str, int, Any]]) -> None:
    """Any sequence of writes matches a dict-of-versions model; conflicts name both versions."""
    store = solution.VersionedStore(":memory:")
    model: dict[str, tuple[Any, int]] = {}
    try:
        for op, skew, value in ops:
            current = model.get("k")
            expected = (current[1] if current else 1) + skew
            args = [value] if op == "update" else []
            if op == "create":
                if current is None:
                    assert store.create("k", value).version == 1
                    model["k"] = (value, 1)
                else:
                    with pytest.raises(solution.VersionConflict) as info:
                        store.create("k", value)
                    assert (info.value.expected, info.value.actual) == (0, current[1])
            elif current is None:
                with pytest.raises(KeyError):
                    getattr(store, op)("k", *args, expected)
            elif expected != current[1]:
                with pytest.raises(solution.VersionConflict) as info:
                    getattr(store, op)("k", *args, expected)
                assert (info.value.expected, info.value.actual) == (expected, current[1])
            elif op == "update":
                assert store.update("k", value, expected).version == expected + 1
                model["k"] = (value, expected + 1)
            else:
                store.delete("k", expected)
                del model["k"]
            if "k" in model:
                record = store.get("k")
                assert (record.value, record.version) == model["k"]
    finally:
        store.close()


# --- retry ----------------------------------------------------------------------------------


@kata("retry", "example")
def test_update_with_retry_applies_the_change(store: Any) -> None:
    """update_with_retry applies the change once and bumps the version; a missing key: KeyError."""
    store.create("counter", 41)
    record = store.update_with_retry("counter", lambda v: v + 1)
    assert (record.value, record.version) == (42, 2)
    assert store.get("counter").value == 42
    with pytest.raises(KeyError):
        store.update_with_retry("ghost", lambda v: v + 1)


@kata("retry", "edge")
def test_retry_recomputes_from_a_fresh_read(db: Path, store: Any) -> None:
    """After a conflict the change is applied again to the value the other writer stored."""
    store.create("counter", 0)
    seen, change = interfering(db, "counter", times=1)
    record = store.update_with_retry("counter", change)
    assert seen == [0, 100]
    assert (record.value, record.version) == (101, 3)
    assert store.get("counter").value == 101


@kata("retry", "edge")
def test_retry_gives_up_after_max_attempts(db: Path, store: Any) -> None:
    """A record that keeps changing makes update_with_retry raise VersionConflict after N tries."""
    store.create("counter", 0)
    seen, change = interfering(db, "counter", times=1_000)
    with pytest.raises(solution.VersionConflict):
        store.update_with_retry("counter", change, max_attempts=3)
    assert len(seen) == 3
    assert store.get("counter").value == 300


@kata("retry", "edge")
def test_default_max_attempts_is_ten(db: Path, store: Any) -> None:
    """Without max_attempts, update_with_retry gives up after the documented 10 attempts."""
    store.create("counter", 0)
    seen, change = interfering(db, "counter", times=1_000)
    with pytest.raises(solution.VersionConflict):
        store.update_with_retry("counter", change)
    assert len(seen) == 10


@kata("retry", "edge")
def test_a_single_attempt_is_allowed(db: Path, store: Any) -> None:
    """max_attempts=1 is valid: one attempt, applied if nobody interferes, else the conflict."""
    store.create("counter", 0)
    assert store.update_with_retry("counter", lambda v: v + 1, max_attempts=1).value == 1
    seen, change = interfering(db, "counter", times=1)
    with pytest.raises(solution.VersionConflict):
        store.update_with_retry("counter", change, max_attempts=1)
    assert len(seen) == 1


@kata("retry", "edge")
def test_max_attempts_must_be_positive(store: Any) -> None:
    """max_attempts below 1 is a ValueError."""
    store.create("counter", 0)
    with pytest.raises(ValueError):
        store.update_with_retry("counter", lambda v: v + 1, max_attempts=0)


@kata("retry", "failure")
def test_failing_change_writes_nothing(store: Any) -> None:
    """An exception raised by the change function propagates and the record is untouched."""
    store.create("acct", {"balance": 5})

    def overdraw(value: dict[str, int]) -> dict[str, int]:
        value["balance"] -= 10
        if value["balance"] < 0:
            raise ArithmeticError("insufficient funds")
        return value

    with pytest.raises(ArithmeticError):
        store.update_with_retry("acct", overdraw)
    record = store.get("acct")
    assert (record.value, record.version) == ({"balance": 5}, 1)


@kata("retry", "failure")
def test_record_deleted_during_retry_is_a_key_error(db: Path, store: Any) -> None:
    """A record another process deletes mid-retry ends the retry with KeyError, not a loop."""
    store.create("acct", 1)
    other = solution.VersionedStore(db)

    def change(value: int) -> int:
        other.delete("acct", other.get("acct").version)
        return value + 1

    with pytest.raises(KeyError):
        store.update_with_retry("acct", change, max_attempts=1_000)


@kata("retry", "failure")
def test_crash_between_read_and_write_leaves_the_record_whole(db: Path) -> None:
    """A process that dies after reading leaves the record as it was; the next writer succeeds."""
    first = solution.VersionedStore(db)
    first.create("acct", 10)

    def die(value: int) -> int:
        raise SystemExit(1)  # the process is killed after its read, before its write

    with pytest.raises(SystemExit):
        first.update_with_retry("acct", die)
    first.close()
    survivor = solution.VersionedStore(db)
    assert survivor.get("acct").version == 1
    assert survivor.update_with_retry("acct", lambda v: v * 2).value == 20


# --- concurrent -----------------------------------------------------------------------------


def as_process(db: Path, work: Callable[[Any], T]) -> T:
    """Run `work` on a store of its own, opened and closed on the calling thread (a process)."""
    store = solution.VersionedStore(db)
    try:
        return work(store)
    finally:
        store.close()


def seeded(db: Path, key: str, value: Any) -> None:
    setup = solution.VersionedStore(db)
    setup.create(key, value)
    setup.close()


@kata("concurrent", "concurrency")
def test_concurrent_increments_lose_nothing(db: Path) -> None:
    """Processes each adding 1 several times through update_with_retry lose no increment."""
    seeded(db, "counter", 0)

    def work(store: Any) -> None:
        for _ in range(5):
            store.update_with_retry("counter", lambda v: v + 1, max_attempts=1_000)

    run_threads(4, lambda i: as_process(db, work))
    record = solution.VersionedStore(db).get("counter")
    assert record.value == 20
    assert record.version == 21


@kata("concurrent", "concurrency")
def test_simultaneous_writes_from_one_read_admit_exactly_one(db: Path) -> None:
    """Processes writing from the same read version: exactly one succeeds, the others conflict."""
    seeded(db, "doc", "draft")

    def write(store: Any, i: int) -> bool:
        try:
            store.update("doc", f"edit-{i}", 1)
        except solution.VersionConflict:
            return False
        return True

    wins = run_threads(4, lambda i: as_process(db, lambda store: write(store, i)))
    assert sum(wins) == 1
    assert solution.VersionedStore(db).get("doc").value == f"edit-{wins.index(True)}"


@kata("concurrent", "concurrency")
def test_simultaneous_creates_admit_exactly_one(db: Path) -> None:
    """Processes creating one key at once: one creates it, the others get VersionConflict."""
    solution.VersionedStore(db).close()

    def create(store: Any, i: int) -> bool:
        try:
            store.create("job", i)
        except solution.VersionConflict:
            return False
        return True

    wins = run_threads(4, lambda i: as_process(db, lambda store: create(store, i)))
    assert sum(wins) == 1
    assert solution.VersionedStore(db).get("job").value == wins.index(True)


@kata("concurrent", "concurrency")
def test_read_then_write_pairs_never_lose_an_update(db: Path) -> None:
    """Each process reads, then writes value+1 with the version it read: only winners count."""
    seeded(db, "counter", 0)

    def bump(store: Any) -> int:
        won = 0
        for _ in range(4):
            record = store.get("counter")
            try:
                store.update("counter", record.value + 1, record.version)
                won += 1
            except solution.VersionConflict:
                pass
        return won

    wins = run_threads(4, lambda i: as_process(db, bump))
    assert solution.VersionedStore(db).get("counter").value == sum(wins)


@kata("concurrent", "concurrency")
def test_reads_during_writes_never_mix_two_versions(db: Path) -> None:
    """get() racing with writers never pairs one version's value with another's number."""
    seeded(db, "counter", 0)  # value == version - 1, and every increment keeps it so

    def work(store: Any, i: int) -> list[tuple[int, int]]:
        if i == 0:
            return [(r.value, r.version) for r in (store.get("counter") for _ in range(6))]
        for _ in range(3):
            store.update_with_retry("counter", lambda v: v + 1, max_attempts=1_000)
        return []

    seen = run_threads(3, lambda i: as_process(db, lambda store: work(store, i)))[0]
    assert all(value == version - 1 for value, version in seen), seen
    assert solution.VersionedStore(db).get("counter").version == 7


@kata("concurrent", "concurrency")
def test_a_write_waits_for_another_writer_within_the_timeout(db: Path) -> None:
    """A write waits for another process's write lock (timeout in seconds), then lands."""
    seeded(db, "acct", 1)

    def hold_the_write_lock() -> None:
        holder = sqlite3.connect(db, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        for _ in range(20):  # another process's transaction, in progress for a while
            holder.execute("SELECT 1")
        holder.execute("COMMIT")
        holder.close()

    def write() -> Any:
        return as_process(db, lambda store: store.update("acct", 2, expected_version=1))

    _, written = run_threads(2, lambda i: write() if i else hold_the_write_lock())
    assert written.version == 2


@kata("concurrent", "failure")
@scheduled
def test_busy_timeout_is_honoured(db: Path) -> None:
    """A write blocked past the busy timeout fails with OperationalError and writes nothing."""
    store = solution.VersionedStore(db, timeout=0.05)
    store.create("acct", 1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = scheduler.clock()  # the scheduler's virtual time: waiting costs nothing real
    with pytest.raises(sqlite3.OperationalError):
        store.update("acct", 2, expected_version=1)
    assert scheduler.clock() - started < 1.0, "the write waited far longer than its timeout"
    holder.execute("COMMIT")
    holder.close()
    assert store.update("acct", 3, expected_version=1).version == 2
