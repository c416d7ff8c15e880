"""Hidden-style tests for the cursor pagination kata."""

from __future__ import annotations

import contextlib
import sqlite3
import string
from collections.abc import Iterable
from typing import Any

import pytest
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, growth_ratio, peak_memory
from grading.testkit.markers import kata

solution = load_solution("cursor_pagination")

SECRET = b"kata-secret-0123456789"
URL_SAFE = set(string.ascii_letters + string.digits + "-._~")
BASE64_URL = string.ascii_letters + string.digits + "-_"


def make_db(created: Iterable[int]) -> sqlite3.Connection:
    """A table of items with ids 1, 2, ... and the given created_at values."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE TABLE items (id INTEGER PRIMARY KEY, created_at INTEGER NOT NULL,"
        " title TEXT NOT NULL)"
    )
    conn.executemany(
        "INSERT INTO items (created_at, title) VALUES (?, ?)",
        ((c, f"item {i}") for i, c in enumerate(created, start=1)),
    )
    return conn


def insert(conn: sqlite3.Connection, created_at: int) -> int:
    return int(
        conn.execute(
            "INSERT INTO items (created_at, title) VALUES (?, 'new')", (created_at,)
        ).lastrowid
    )


def expected_ids(conn: sqlite3.Connection) -> list[int]:
    rows = conn.execute("SELECT id FROM items ORDER BY created_at DESC, id DESC").fetchall()
    return [row[0] for row in rows]


def ids(page: Any) -> list[int]:
    return [item.id for item in page.items]


def walk(paginator: Any, limit: int | None = None) -> list[Any]:
    """Every page from the first until next_cursor is None (bounded, in case it never is)."""
    pages = [paginator.page(limit=limit)]
    while pages[-1].next_cursor is not None and len(pages) < 1_000:
        pages.append(paginator.page(pages[-1].next_cursor, limit=limit))
    return pages


def walked_ids(paginator: Any, limit: int | None = None) -> list[int]:
    return [i for page in walk(paginator, limit) for i in ids(page)]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_first_page_is_the_newest_items() -> None:
    """The first page holds the `limit` newest items, newest first."""
    conn = make_db([10, 40, 20, 50, 30])
    page = solution.Paginator(conn, SECRET).page(limit=3)
    assert ids(page) == [4, 2, 5]
    assert [item.created_at for item in page.items] == [50, 40, 30]
    assert page.items[0].title == "item 4"
    assert page.next_cursor is not None


@kata("core", "example")
def test_walking_the_cursors_visits_every_item_once_in_order() -> None:
    """Following next_cursor from the first page returns every item once, in order."""
    conn = make_db([7, 3, 9, 1, 5, 8, 2, 6, 4, 10])
    pages = walk(solution.Paginator(conn, SECRET), limit=3)
    assert [len(page.items) for page in pages] == [3, 3, 3, 1]
    assert [i for page in pages for i in ids(page)] == expected_ids(conn)
    assert pages[-1].next_cursor is None


@kata("core", "edge")
def test_an_exact_multiple_ends_without_an_empty_page() -> None:
    """When the items fill the last page exactly, that page already has no next cursor."""
    conn = make_db(range(9))
    pages = walk(solution.Paginator(conn, SECRET), limit=3)
    assert [len(page.items) for page in pages] == [3, 3, 3]
    assert pages[-1].next_cursor is None


@kata("core", "edge")
def test_empty_table_is_one_empty_page() -> None:
    """An empty table gives an empty first page with no next cursor."""
    page = solution.Paginator(make_db([]), SECRET).page()
    assert (page.items, page.next_cursor) == ([], None)


@kata("core", "edge")
def test_default_limit_and_max_limit() -> None:
    """No limit means default_limit; a limit above max_limit is lowered to max_limit."""
    paginator = solution.Paginator(make_db(range(30)), SECRET, default_limit=4, max_limit=10)
    assert len(paginator.page().items) == 4
    assert len(paginator.page(limit=7).items) == 7
    first = paginator.page(limit=1_000_000)
    assert len(first.items) == 10
    assert len(paginator.page(first.next_cursor, limit=500).items) == 10


@kata("core", "edge")
def test_documented_default_limits() -> None:
    """Without settings a page holds 20 items, and no limit gives more than 100."""
    paginator = solution.Paginator(make_db(range(250)), SECRET)
    first = paginator.page()
    assert len(first.items) == 20, "the default default_limit"
    assert len(paginator.page(first.next_cursor, limit=1_000).items) == 100, "the default max_limit"
    assert len(paginator.page(limit=101).items) == 100, "the default max_limit"


@kata("core", "edge")
def test_limits_at_their_bounds_are_accepted() -> None:
    """default_limit may be 1, and may equal max_limit."""
    conn = make_db(range(12))
    one = solution.Paginator(conn, SECRET, default_limit=1, max_limit=1)
    assert len(one.page().items) == 1
    assert len(one.page(limit=5).items) == 1
    same = solution.Paginator(conn, SECRET, default_limit=5, max_limit=5)
    assert len(same.page().items) == 5


@kata("core", "edge")
@pytest.mark.parametrize("limit", [0, -1])
def test_limit_below_one_is_rejected(limit: int) -> None:
    """A limit below 1 is a ValueError."""
    paginator = solution.Paginator(make_db(range(5)), SECRET)
    with pytest.raises(ValueError):
        paginator.page(limit=limit)


@kata("core", "edge")
@pytest.mark.parametrize(
    ("secret", "default_limit", "max_limit"), [(b"", 20, 100), (SECRET, 0, 100), (SECRET, 20, 10)]
)
def test_bad_settings_are_rejected(secret: bytes, default_limit: int, max_limit: int) -> None:
    """An empty secret, or limits outside 1 <= default_limit <= max_limit, are a ValueError."""
    with pytest.raises(ValueError):
        solution.Paginator(make_db([]), secret, default_limit=default_limit, max_limit=max_limit)


# --- stable ---------------------------------------------------------------------------------


@kata("stable", "edge")
def test_ties_on_created_at_are_broken_by_id() -> None:
    """Items sharing one created_at are all returned once, by id descending, across pages."""
    conn = make_db([5] * 25 + [4] * 3)
    assert walked_ids(solution.Paginator(conn, SECRET), limit=4) == expected_ids(conn)


@kata("stable", "edge")
def test_new_items_between_pages_cause_no_duplicates() -> None:
    """Items inserted at the top between two pages do not push old items onto the next page."""
    conn = make_db(range(1, 11))
    paginator = solution.Paginator(conn, SECRET)
    first = paginator.page(limit=4)
    for created_at in (100, 101, 102):
        insert(conn, created_at)
    second = paginator.page(first.next_cursor, limit=4)
    assert ids(first) == [10, 9, 8, 7]
    assert ids(second) == [6, 5, 4, 3]


@kata("stable", "edge")
def test_deleted_items_between_pages_cause_no_skips() -> None:
    """Deleting items already shown does not make the next page skip any."""
    conn = make_db(range(1, 11))
    paginator = solution.Paginator(conn, SECRET)
    first = paginator.page(limit=4)
    conn.execute("DELETE FROM items WHERE id IN (10, 9, 8)")
    second = paginator.page(first.next_cursor, limit=4)
    assert ids(second) == [6, 5, 4, 3]


@kata("stable", "edge")
def test_cursor_survives_the_deletion_of_its_own_item() -> None:
    """The next page is right even when the last item shown has since been deleted."""
    conn = make_db([3, 3, 3, 2, 2, 1])
    paginator = solution.Paginator(conn, SECRET)
    first = paginator.page(limit=2)
    assert ids(first) == [3, 2]
    conn.execute("DELETE FROM items WHERE id = 2")
    assert ids(paginator.page(first.next_cursor, limit=2)) == [1, 5]


writes = st.lists(st.tuples(st.sampled_from(["insert", "delete"]), st.integers(0, 99)))


@kata("stable", "property")
@settings(max_examples=30)
@given(
    created=st.lists(st.integers(0, 4), max_size=20),
    limit=st.integers(1, 4),
    between=st.lists(writes, max_size=10),
)
def test_writes_between_pages_never_duplicate_or_skip(
    created: list[int], limit: int, between: list[list[tuple[str, int]]]
) -> None:
    """With rows inserted and deleted between pages, the walk is strictly ordered and complete."""
    conn = make_db(created)
    paginator = solution.Paginator(conn, SECRET)
    before = set(expected_ids(conn))
    seen: list[Any] = []
    page = paginator.page(limit=limit)
    for step in range(1_000):
        seen.extend(page.items)
        if page.next_cursor is None:
            break
        present = expected_ids(conn)
        for op, n in between[step] if step < len(between) else []:
            if op == "insert":
                present.append(insert(conn, n % 7))
            elif present:
                gone = present.pop(n % len(present))
                conn.execute("DELETE FROM items WHERE id = ?", (gone,))
        page = paginator.page(page.next_cursor, limit=limit)
    keys = [(item.created_at, item.id) for item in seen]
    assert keys == sorted(set(keys), reverse=True), "items repeated or out of order"
    survivors = before & set(expected_ids(conn))
    assert survivors <= {item.id for item in seen}, "items present all along were skipped"


# --- signed ---------------------------------------------------------------------------------


@kata("signed", "example")
def test_cursors_are_url_safe_text() -> None:
    """A cursor is a string of URL-safe characters, ready for a query parameter."""
    conn = make_db([10**12 + i for i in range(50)])
    paginator = solution.Paginator(conn, SECRET)
    for page in walk(paginator, limit=7)[:-1]:
        assert isinstance(page.next_cursor, str)
        assert set(page.next_cursor) <= URL_SAFE


@kata("signed", "edge")
def test_altered_cursor_is_rejected() -> None:
    """Changing any character of a cursor gives InvalidCursor (or at most the very same page)."""
    conn = make_db(range(1, 41))
    paginator = solution.Paginator(conn, SECRET)
    cursor = paginator.page(limit=5).next_cursor
    honest = ids(paginator.page(cursor, limit=5))
    for position in range(len(cursor)):
        for char in BASE64_URL:
            altered = cursor[:position] + char + cursor[position + 1 :]
            with contextlib.suppress(solution.InvalidCursor):
                assert ids(paginator.page(altered, limit=5)) == honest, f"altered at {position}"


@kata("signed", "edge")
def test_cursor_signed_with_another_secret_is_rejected() -> None:
    """A well-formed cursor issued with a different secret is InvalidCursor."""
    conn = make_db(range(1, 41))
    forger = solution.Paginator(conn, b"someone-else's-secret")
    forged = forger.page(limit=17).next_cursor
    with pytest.raises(solution.InvalidCursor):
        solution.Paginator(conn, SECRET).page(forged, limit=5)


@kata("signed", "edge")
@pytest.mark.parametrize("garbage", ["", "abc", "not a cursor!", "....", "é" * 10, "A" * 200])
def test_garbage_cursor_is_rejected(garbage: str) -> None:
    """Random text as a cursor is InvalidCursor (a ValueError), never another exception."""
    paginator = solution.Paginator(make_db(range(10)), SECRET)
    with pytest.raises(solution.InvalidCursor):
        paginator.page(garbage)
    assert issubclass(solution.InvalidCursor, ValueError)


@kata("signed", "clock")
def test_cursor_expires_after_max_age(clock: FakeClock) -> None:
    """A cursor is good up to max_age seconds after issue (the bound included), then invalid."""
    paginator = solution.Paginator(make_db(range(20)), SECRET, max_age=60, clock=clock)
    cursor = paginator.page(limit=5).next_cursor
    clock.advance(59)
    assert len(paginator.page(cursor, limit=5).items) == 5
    clock.advance(1)
    assert len(paginator.page(cursor, limit=5).items) == 5
    clock.advance(1)
    with pytest.raises(solution.InvalidCursor):
        paginator.page(cursor, limit=5)


@kata("signed", "clock")
def test_fresh_cursors_from_an_old_walk_keep_working(clock: FakeClock) -> None:
    """Each cursor has its own issue time: a slow reader is limited per page, not per walk."""
    paginator = solution.Paginator(make_db(range(20)), SECRET, max_age=60, clock=clock)
    page = paginator.page(limit=5)
    for _ in range(3):
        clock.advance(50)
        page = paginator.page(page.next_cursor, limit=5)
    assert len(page.items) == 5


@kata("signed", "clock")
def test_without_max_age_cursors_never_expire(clock: FakeClock) -> None:
    """With max_age None a cursor is still good a year later."""
    paginator = solution.Paginator(make_db(range(20)), SECRET, clock=clock)
    cursor = paginator.page(limit=5).next_cursor
    clock.advance(365 * 24 * 3_600)
    assert len(paginator.page(cursor, limit=5).items) == 5


@kata("signed", "clock")
def test_default_clock_is_the_system_clock() -> None:
    """Without a clock argument, expiry follows time.time (frozen here with freezegun)."""
    with freeze_time("2026-01-01 00:00:00") as frozen:
        paginator = solution.Paginator(make_db(range(20)), SECRET, max_age=30)
        cursor = paginator.page(limit=5).next_cursor
        frozen.tick(20)
        assert len(paginator.page(cursor, limit=5).items) == 5
        frozen.tick(20)
        with pytest.raises(solution.InvalidCursor):
            paginator.page(cursor, limit=5)


@kata("signed", "clock")
def test_expiry_follows_the_wall_clock_across_servers(
    system_clocks: tuple[FakeClock, FakeClock],
) -> None:
    """Without a clock, a cursor's age is wall-clock time, shared by servers, not monotonic."""
    wall, monotonic = system_clocks
    conn = make_db(range(20))
    cursor = solution.Paginator(conn, SECRET, max_age=30).page(limit=5).next_cursor
    # Another server, booted at another time: its monotonic clock is far from the issuer's.
    wall.advance(20)
    monotonic.advance(10_000)
    other = solution.Paginator(conn, SECRET, max_age=30)
    assert len(other.page(cursor, limit=5).items) == 5
    # The wall clock says the cursor is too old, whatever the monotonic clock says.
    wall.advance(20)
    monotonic.set(5_000)
    with pytest.raises(solution.InvalidCursor):
        solution.Paginator(conn, SECRET, max_age=30).page(cursor, limit=5)


# --- deep_pages -----------------------------------------------------------------------------


def deep_cursor(n: int) -> tuple[Any, str]:
    """A paginator over n items (three per created_at) and a cursor 30 items from the end."""
    paginator = solution.Paginator(make_db(i // 3 for i in range(n)), SECRET, max_limit=n)
    cursor = paginator.page(limit=n - 30).next_cursor
    assert cursor is not None
    return paginator, cursor


@kata("deep_pages", "perf")
def test_deep_page_costs_what_a_shallow_one_costs() -> None:
    """A page near the end of 20,000 items costs about what it costs in 200 items."""

    def prepare(n: int) -> Any:
        paginator, cursor = deep_cursor(n)
        return lambda: [paginator.page(cursor, limit=10) for _ in range(20)]

    assert growth_ratio(prepare, 200, 20_000) < 4


@kata("deep_pages", "perf")
def test_a_page_does_not_load_the_table() -> None:
    """Serving one page of 10 from 20,000 items allocates memory for the page, not the table."""
    paginator, cursor = deep_cursor(20_000)
    assert peak_memory(lambda: paginator.page(cursor, limit=10)) < 200_000
