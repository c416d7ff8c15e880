"""Hidden-style tests for the optimistic locking kata."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import run_threads
from grading.testkit.markers import kata

solution = load_solution("optimistic_locking")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "records.db"


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
    """update() with an old version raises VersionConflict and leaves the record as it was."""
    store.create("acct", 10)
    store.update("acct", 11, expected_version=1)
    with pytest.raises(solution.VersionConflict) as info:
        store.update("acct", 99, expected_version=1)
    assert (info.value.expected, info.value.actual) == (1, 2)
    assert (store.get("acct").value, store.get("acct").version) == (11, 2)


@kata("core", "edge")
def test_future_version_is_a_conflict(store: Any) -> None:
    """A version ahead of the stored one is a conflict too, not a write."""
    store.create("acct", 10)
    with pytest.raises(solution.VersionConflict):
        store.update("acct", 99, expected_version=5)
    assert store.get("acct").version == 1


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
    with pytest.raises(solution.VersionConflict):
        store.delete("acct", expected_version=1)
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


operations = st.lists(
    st.tuples(st.sampled_from(["update", "delete", "create"]), st.integers(-1, 1)), max_size=25
)


@kata("core", "property")
@settings(max_examples=60)
@given(ops=operations)
def test_agrees_with_a_versioned_dict(ops: list[tuple[str, int]]) -> None:
    """Any sequence of writes with right or wrong versions matches a dict-of-versions model."""
    store = solution.VersionedStore(":memory:")
    model: dict[str, tuple[int, int]] = {}
    try:
        for step, (op, skew) in enumerate(ops):
            current = model.get("k")
            expected = (current[1] if current else 1) + skew
            if op == "create":
                if current is None:
                    assert store.create("k", step).version == 1
                    model["k"] = (step, 1)
                else:
                    with pytest.raises(solution.VersionConflict):
                        store.create("k", step)
            elif current is None:
                with pytest.raises(KeyError):
                    getattr(store, op)("k", *([step] if op == "update" else []), expected)
            elif expected != current[1]:
                with pytest.raises(solution.VersionConflict):
                    getattr(store, op)("k", *([step] if op == "update" else []), expected)
            elif op == "update":
                assert store.update("k", step, expected).version == expected + 1
                model["k"] = (step, expected + 1)
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
    """Without competition update_with_retry applies the change once and bumps the version."""
    store.create("counter", 41)
    record = store.update_with_retry("counter", lambda v: v + 1)
    assert (record.value, record.version) == (42, 2)
    assert store.get("counter").value == 42


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


@kata("concurrent", "concurrency")
def test_concurrent_increments_lose_nothing(db: Path) -> None:
    """8 processes each adding 1 five times through update_with_retry end at exactly 40."""
    writers = stores(db, 8)
    writers[0].create("counter", 0)

    def work(i: int) -> int:
        for _ in range(5):
            writers[i].update_with_retry("counter", lambda v: v + 1, max_attempts=1_000)
        return i

    run_threads(8, work)
    record = writers[0].get("counter")
    assert record.value == 40
    assert record.version == 41


@kata("concurrent", "concurrency")
def test_simultaneous_writes_from_one_read_admit_exactly_one(db: Path) -> None:
    """8 processes writing from the same read version: exactly one succeeds, 7 conflict."""
    writers = stores(db, 8)
    writers[0].create("doc", "draft")
    version = writers[0].get("doc").version

    def write(i: int) -> bool:
        try:
            writers[i].update("doc", f"edit-{i}", version)
        except solution.VersionConflict:
            return False
        return True

    wins = run_threads(8, write)
    assert sum(wins) == 1
    assert writers[0].get("doc").value == f"edit-{wins.index(True)}"


@kata("concurrent", "concurrency")
def test_simultaneous_creates_admit_exactly_one(db: Path) -> None:
    """8 processes creating one key at once: one creates it, the others get VersionConflict."""
    writers = stores(db, 8)

    def create(i: int) -> bool:
        try:
            writers[i].create("job", i)
        except solution.VersionConflict:
            return False
        return True

    wins = run_threads(8, create)
    assert sum(wins) == 1
    assert writers[0].get("job").value == wins.index(True)


@kata("concurrent", "concurrency")
def test_read_then_write_pairs_never_lose_an_update(db: Path) -> None:
    """Each process reads, then writes value+1 with the version it read: only winners count."""
    writers = stores(db, 8)
    writers[0].create("counter", 0)

    def bump(i: int) -> int:
        won = 0
        for _ in range(4):
            record = writers[i].get("counter")
            try:
                writers[i].update("counter", record.value + 1, record.version)
                won += 1
            except solution.VersionConflict:
                pass
        return won

    wins = run_threads(8, bump)
    assert writers[0].get("counter").value == sum(wins)


@kata("concurrent", "failure")
def test_busy_timeout_is_honoured(db: Path) -> None:
    """A write blocked past the busy timeout fails with OperationalError and writes nothing."""
    store = solution.VersionedStore(db, timeout=0.05)
    store.create("acct", 1)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.OperationalError):
        store.update("acct", 2, expected_version=1)
    holder.execute("COMMIT")
    holder.close()
    assert store.update("acct", 3, expected_version=1).version == 2
