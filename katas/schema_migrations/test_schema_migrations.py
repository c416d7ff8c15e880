"""Hidden-style tests for the schema migrations kata."""

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
from grading.testkit.processes import in_fresh_process
from grading.testkit.ramdisk import ram_tmpdir

solution = load_solution("schema_migrations")

Step = tuple[int, str, str]

USERS: Step = (
    1,
    "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);",
    "DROP TABLE users;",
)
EMAIL: Step = (
    2,
    "ALTER TABLE users ADD COLUMN email TEXT;",
    "ALTER TABLE users DROP COLUMN email;",
)
POSTS: Step = (
    3,
    "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, body TEXT);\n"
    "CREATE INDEX posts_by_user ON posts (user_id);",
    "DROP INDEX posts_by_user;\nDROP TABLE posts;",
)
ADMIN: Step = (
    4,
    "INSERT INTO users (name, email) VALUES ('admin', 'admin@example.com');",
    "DELETE FROM users WHERE email = 'admin@example.com';",
)
MIGRATIONS = [USERS, EMAIL, POSTS, ADMIN]
BROKEN: Step = (
    5,
    "CREATE TABLE audit (id INTEGER);\nINSERT INTO audit VALUES (1);\n"
    "INSERT INTO no_such_table VALUES (1);",
    "DROP TABLE audit;",
)


def tables(conn: sqlite3.Connection) -> set[str]:
    """Tables and indexes of the schema, without SQLite's own and the bookkeeping table."""
    rows = conn.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {name for (name,) in rows} - {"schema_migrations"}


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]


@pytest.fixture
def conn() -> Any:
    connection = sqlite3.connect(":memory:")
    yield connection
    connection.close()


@pytest.fixture
def db_file() -> Any:
    """A database file for several connections (RAM-backed: a commit costs no disk sync)."""
    with ram_tmpdir() as path:
        yield path / "app.db"


def migrator(conn: sqlite3.Connection, migrations: list[Step] | None = None) -> Any:
    return solution.Migrator(conn, MIGRATIONS if migrations is None else migrations)


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_upgrade_applies_every_migration_in_order(conn: sqlite3.Connection) -> None:
    """upgrade() applies all migrations, returns their ids, and builds the whole schema."""
    assert migrator(conn).upgrade() == [1, 2, 3, 4]
    assert tables(conn) == {"users", "posts", "posts_by_user"}
    assert columns(conn, "users") == ["id", "name", "email"]
    assert conn.execute("SELECT name FROM users").fetchall() == [("admin",)]


@kata("core", "example")
def test_applied_and_pending_follow_the_database(conn: sqlite3.Connection) -> None:
    """A fresh database has everything pending; after upgrade() everything is applied."""
    m = migrator(conn)
    assert (m.applied(), m.pending()) == ([], [1, 2, 3, 4])
    m.upgrade()
    assert (m.applied(), m.pending()) == ([1, 2, 3, 4], [])
    recorded = conn.execute("SELECT id FROM schema_migrations ORDER BY id").fetchall()
    assert recorded == [(1,), (2,), (3,), (4,)]


@kata("core", "edge")
def test_second_upgrade_does_nothing(conn: sqlite3.Connection) -> None:
    """Running upgrade() again applies nothing and fails on nothing."""
    migrator(conn).upgrade()
    assert migrator(conn).upgrade() == []
    assert conn.execute("SELECT count(*) FROM users").fetchone() == (1,)


@kata("core", "edge")
def test_list_order_does_not_matter(conn: sqlite3.Connection) -> None:
    """Migrations given out of order are still applied by ascending id."""
    assert migrator(conn, [POSTS, ADMIN, EMAIL, USERS]).upgrade() == [1, 2, 3, 4]
    assert columns(conn, "users") == ["id", "name", "email"]


@kata("core", "edge")
def test_ids_sort_as_numbers(conn: sqlite3.Connection) -> None:
    """Migration 10 runs after migration 2, not between 1 and 2 as text sorting would put it."""
    steps: list[Step] = [
        USERS,
        (2, "CREATE TABLE teams (id INTEGER PRIMARY KEY);", "DROP TABLE teams;"),
        (10, "INSERT INTO teams (id) VALUES (7);", "DELETE FROM teams;"),
    ]
    assert migrator(conn, steps).upgrade() == [1, 2, 10]
    assert conn.execute("SELECT id FROM teams").fetchall() == [(7,)]


@kata("core", "example")
def test_upgrade_stops_at_the_target(conn: sqlite3.Connection) -> None:
    """upgrade(target) applies only up to target; a later upgrade() applies the rest."""
    m = migrator(conn)
    assert m.upgrade(2) == [1, 2]
    assert tables(conn) == {"users"}
    assert m.pending() == [3, 4]
    assert m.upgrade() == [3, 4]


@kata("core", "example")
def test_history_lives_in_the_database_file(db_file: Path) -> None:
    """A new connection and migrator on the same file know what was applied before."""
    path = db_file
    first = sqlite3.connect(path)
    migrator(first, [USERS, EMAIL]).upgrade()
    first.close()
    later = sqlite3.connect(path)
    m = migrator(later)
    assert (m.applied(), m.pending()) == ([1, 2], [3, 4])
    assert m.upgrade() == [3, 4]
    later.close()


@kata("core", "edge")
@pytest.mark.parametrize("ids", [[1, 1], [0, 1], [-3, 1], [1.5, 2], ["2", 1], [True, 2]])
def test_bad_ids_are_rejected(conn: sqlite3.Connection, ids: list[object]) -> None:
    """Duplicate, zero, negative or non-integer ids (a float, a string, a bool) are a ValueError."""
    steps = [(i, f"CREATE TABLE t{n} (x);", "") for n, i in enumerate(ids)]
    with pytest.raises(ValueError):
        solution.Migrator(conn, steps)


@kata("core", "example")
def test_migration_objects_work_like_tuples(conn: sqlite3.Connection) -> None:
    """Migration(id, up, down) objects are accepted like plain tuples."""
    steps = [solution.Migration(*step) for step in (USERS, EMAIL)]
    assert solution.Migrator(conn, steps).upgrade() == [1, 2]


# --- rollback -------------------------------------------------------------------------------


@kata("rollback", "example")
def test_downgrade_undoes_down_to_the_target(conn: sqlite3.Connection) -> None:
    """downgrade(2) undoes 4 then 3, returns [4, 3], and keeps what 1 and 2 built."""
    m = migrator(conn)
    m.upgrade()
    assert m.downgrade(2) == [4, 3]
    assert m.applied() == [1, 2]
    assert tables(conn) == {"users"}
    assert columns(conn, "users") == ["id", "name", "email"]
    assert conn.execute("SELECT count(*) FROM users").fetchone() == (0,)


@kata("rollback", "edge")
def test_downgrade_to_zero_undoes_newest_first(conn: sqlite3.Connection) -> None:
    """downgrade(0) undoes everything newest first: each undo relies on what older ones built."""
    m = migrator(conn)
    m.upgrade()
    assert m.downgrade(0) == [4, 3, 2, 1]
    assert (tables(conn), m.applied(), m.pending()) == (set(), [], [1, 2, 3, 4])


@kata("rollback", "edge")
def test_downgrade_without_a_target_undoes_everything(conn: sqlite3.Connection) -> None:
    """downgrade() with no target undoes every applied migration, the first one included."""
    m = migrator(conn)
    m.upgrade()
    assert m.downgrade() == [4, 3, 2, 1]
    assert (tables(conn), m.applied()) == (set(), [])


@kata("rollback", "edge")
def test_upgrade_after_downgrade_rebuilds(conn: sqlite3.Connection) -> None:
    """After a downgrade, upgrade() applies the undone migrations again."""
    m = migrator(conn)
    m.upgrade()
    m.downgrade(1)
    assert m.upgrade() == [2, 3, 4]
    assert tables(conn) == {"users", "posts", "posts_by_user"}


@kata("rollback", "edge")
def test_downgrade_bounds(conn: sqlite3.Connection) -> None:
    """A target at or above the newest applied id does nothing; a negative one is a ValueError."""
    m = migrator(conn)
    m.upgrade(3)
    assert m.downgrade(3) == []
    assert m.downgrade(10) == []
    with pytest.raises(ValueError):
        m.downgrade(-1)
    assert m.applied() == [1, 2, 3]


chain = [(i, f"CREATE TABLE t{i} (x);", f"DROP TABLE t{i};") for i in range(1, 7)]


@kata("rollback", "property")
@settings(max_examples=25)
@given(targets=st.lists(st.integers(0, 6), max_size=10))
def test_any_sequence_of_targets_matches_the_model(targets: list[int]) -> None:
    """Moving up and down to any targets leaves exactly the migrations up to the last target."""
    conn = sqlite3.connect(":memory:")
    m = solution.Migrator(conn, chain)
    current = 0
    for target in targets:
        if target >= current:
            assert m.upgrade(target) == list(range(current + 1, target + 1))
        else:
            assert m.downgrade(target) == list(range(current, target, -1))
        current = target
        assert m.applied() == list(range(1, current + 1))
        assert tables(conn) == {f"t{i}" for i in range(1, current + 1)}
    conn.close()


# --- atomic ---------------------------------------------------------------------------------


@kata("atomic", "failure")
@pytest.mark.parametrize("isolation_level", ["DEFERRED", None])
def test_failed_migration_leaves_no_trace(isolation_level: str | None) -> None:
    """A migration failing half-way leaves none of its statements and no record, in any mode."""
    conn = sqlite3.connect(":memory:", isolation_level=isolation_level)
    m = migrator(conn, [*MIGRATIONS, BROKEN])
    with pytest.raises(solution.MigrationError):
        m.upgrade()
    assert "audit" not in tables(conn)
    assert (m.applied(), m.pending()) == ([1, 2, 3, 4], [5])


@kata("atomic", "failure")
def test_a_run_stops_at_the_failure(conn: sqlite3.Connection) -> None:
    """Migrations before the failing one stay applied; those after it are not run."""
    broken_posts: Step = (3, "CREATE TABLE posts (id);\nCREATE INDEX nope ON nowhere (x);", "")
    m = migrator(conn, [USERS, EMAIL, broken_posts, ADMIN])
    with pytest.raises(solution.MigrationError):
        m.upgrade()
    assert m.applied() == [1, 2]
    assert tables(conn) == {"users"}
    assert conn.execute("SELECT count(*) FROM users").fetchone() == (0,)


@kata("atomic", "failure")
def test_a_fixed_migration_applies_cleanly(conn: sqlite3.Connection) -> None:
    """After a failure, the corrected migration applies on the next run."""
    with pytest.raises(solution.MigrationError):
        migrator(conn, [USERS, BROKEN]).upgrade()
    fixed: Step = (5, "CREATE TABLE audit (id INTEGER);\nINSERT INTO audit VALUES (1);", "")
    assert migrator(conn, [USERS, fixed]).upgrade() == [5]
    assert conn.execute("SELECT id FROM audit").fetchall() == [(1,)]


@kata("atomic", "failure")
def test_failed_downgrade_keeps_the_migration(conn: sqlite3.Connection) -> None:
    """An undo failing half-way leaves the migration applied and its schema whole."""
    bad_undo: Step = (POSTS[0], POSTS[1], "DROP INDEX posts_by_user;\nDROP TABLE no_such_table;")
    m = migrator(conn, [USERS, EMAIL, bad_undo])
    m.upgrade()
    with pytest.raises(solution.MigrationError):
        m.downgrade(0)
    assert m.applied() == [1, 2, 3]
    assert tables(conn) == {"users", "posts", "posts_by_user"}


@kata("atomic", "failure")
def test_failed_migration_leaves_no_transaction_open(db_file: Path) -> None:
    """After a failure no transaction is left open: another connection can write at once."""
    path = db_file
    conn = sqlite3.connect(path)
    with pytest.raises(solution.MigrationError):
        migrator(conn, [USERS, BROKEN]).upgrade()
    other = sqlite3.connect(path, timeout=0)
    other.execute("INSERT INTO users (name) VALUES ('eve')")
    other.commit()
    assert conn.execute("SELECT name FROM users").fetchall() == [("eve",)]
    other.close()
    conn.close()


# --- history --------------------------------------------------------------------------------


@kata("history", "edge")
def test_edited_applied_migration_is_detected(conn: sqlite3.Connection) -> None:
    """Changing the SQL of an applied migration raises ChecksumMismatch and applies nothing."""
    migrator(conn, [USERS, EMAIL]).upgrade()
    edited: Step = (2, "ALTER TABLE users ADD COLUMN phone TEXT;", EMAIL[2])
    m = migrator(conn, [USERS, edited, POSTS])
    with pytest.raises(solution.ChecksumMismatch):
        m.verify()
    with pytest.raises(solution.ChecksumMismatch):
        m.upgrade()
    with pytest.raises(solution.MigrationError):
        m.downgrade(0)
    assert m.applied() == [1, 2]
    assert tables(conn) == {"users"}


@kata("history", "edge")
def test_editing_a_pending_migration_is_fine(conn: sqlite3.Connection) -> None:
    """Only applied migrations are checked: a pending one may still change."""
    migrator(conn, [USERS]).upgrade()
    edited: Step = (2, "ALTER TABLE users ADD COLUMN phone TEXT;", "")
    m = migrator(conn, [USERS, edited])
    m.verify()
    assert m.upgrade() == [2]


@kata("history", "edge")
def test_editing_the_down_script_of_an_applied_migration_is_fine(conn: sqlite3.Connection) -> None:
    """Only the up SQL that ran is checked: a corrected down script is accepted and used."""
    migrator(conn, [USERS, EMAIL, POSTS]).upgrade()
    fixed_undo: Step = (3, POSTS[1], "DROP TABLE posts;")
    m = migrator(conn, [USERS, EMAIL, fixed_undo])
    m.verify()
    assert m.downgrade(2) == [3]
    assert tables(conn) == {"users"}


UPGRADE_IN_A_NEW_PROCESS = """
import sqlite3
conn = sqlite3.connect({path!r})
print(solution.Migrator(conn, {steps!r}).upgrade())
conn.close()
"""


@kata("history", "edge")
def test_checksums_agree_across_processes(db_file: Path) -> None:
    """A migration applied by one process verifies in another: checksums are process-stable."""
    # Another interpreter, with another hash seed than this one, applies the first two.
    script = UPGRADE_IN_A_NEW_PROCESS.format(path=str(db_file), steps=[USERS, EMAIL])
    assert in_fresh_process("schema_migrations", script, hash_seed=1) == "[1, 2]\n"
    conn = sqlite3.connect(db_file)
    m = migrator(conn, [USERS, EMAIL, POSTS])
    m.verify()
    assert m.upgrade() == [3]
    conn.close()


@kata("history", "edge")
def test_unknown_applied_migration_is_an_error(conn: sqlite3.Connection) -> None:
    """An applied migration missing from the list is a MigrationError (not a checksum one)."""
    migrator(conn, [USERS, EMAIL]).upgrade()
    m = migrator(conn, [USERS, POSTS])
    with pytest.raises(solution.MigrationError):
        m.upgrade()
    with pytest.raises(solution.MigrationError):
        m.downgrade(0)
    assert tables(conn) == {"users"}


@kata("history", "edge")
def test_new_migration_older_than_the_newest_applied_is_refused(conn: sqlite3.Connection) -> None:
    """A pending migration with an id below the newest applied one stops upgrade() beforehand."""
    migrator(conn, [USERS, POSTS]).upgrade()
    m = migrator(conn, [USERS, EMAIL, POSTS, ADMIN])
    with pytest.raises(solution.MigrationError):
        m.upgrade()
    assert m.applied() == [1, 3]
    assert columns(conn, "users") == ["id", "name"]


@kata("history", "edge")
def test_checksum_mismatch_is_a_migration_error() -> None:
    """ChecksumMismatch is a kind of MigrationError."""
    assert issubclass(solution.ChecksumMismatch, solution.MigrationError)
    conn = sqlite3.connect(":memory:")
    migrator(conn, [USERS]).upgrade()
    with pytest.raises(solution.MigrationError):
        migrator(conn, [(1, USERS[1] + " -- tweak", USERS[2])]).verify()


# --- concurrent -----------------------------------------------------------------------------


@kata("concurrent", "concurrency")
def test_simultaneous_upgrades_apply_each_migration_once(db_file: Path) -> None:
    """4 processes upgrading one database at once: each migration is applied by exactly one."""
    path = db_file
    connections = [sqlite3.connect(path, timeout=5, check_same_thread=False) for _ in range(4)]
    migrators = [solution.Migrator(c, MIGRATIONS) for c in connections]
    results = run_threads(4, lambda i: migrators[i].upgrade())
    assert sorted(i for applied in results for i in applied) == [1, 2, 3, 4]
    check = connections[0]
    assert check.execute("SELECT count(*) FROM users").fetchone() == (1,)
    assert migrators[0].applied() == [1, 2, 3, 4]
    for c in connections:
        c.close()


@kata("concurrent", "concurrency")
def test_simultaneous_upgrades_to_different_targets(db_file: Path) -> None:
    """Processes racing to different targets agree on one history, applied once each."""
    path = db_file
    connections = [sqlite3.connect(path, timeout=5, check_same_thread=False) for _ in range(4)]
    migrators = [solution.Migrator(c, MIGRATIONS) for c in connections]
    results = run_threads(4, lambda i: migrators[i].upgrade(i + 1))
    applied = [i for run in results for i in run]
    assert sorted(applied) == [1, 2, 3, 4]
    assert tables(connections[0]) == {"users", "posts", "posts_by_user"}
    for c in connections:
        c.close()
