"""Hidden-style tests for the top K endpoints in a sliding window kata."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import growth_ratio, run_threads
from grading.testkit.markers import kata

solution = load_solution("top_k_window")


def model(requests: list[tuple[str, float]], k: int, now: float, window: float):
    counts = Counter(endpoint for endpoint, ts in requests if now - window < ts <= now)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_top_endpoints_of_the_window_most_first() -> None:
    """top(k, now) lists the k most requested endpoints with their counts, most first."""
    tracker = solution.TopKWindow(3)
    for ts, endpoint in enumerate(["/a", "/b", "/a", "/c", "/a", "/b", "/d"]):
        tracker.record(endpoint, float(ts))
    assert tracker.top(2, 10.0) == [("/a", 3), ("/b", 2)]
    assert tracker.top(3, 10.0) == [("/a", 3), ("/b", 2), ("/c", 1)]


@kata("core", "example")
def test_count_reports_one_endpoint() -> None:
    """count(endpoint, now) is that endpoint's requests in the window, 0 when it has none."""
    tracker = solution.TopKWindow(2)
    tracker.record("/login", 5.0)
    tracker.record("/login", 6.0)
    assert tracker.count("/login", 7.0) == 2
    assert tracker.count("/never", 7.0) == 0


@kata("core", "edge")
def test_ties_are_ranked_by_name() -> None:
    """Endpoints with equal counts are ranked by name, also at the cut."""
    tracker = solution.TopKWindow(3)
    for endpoint in ["/z", "/m", "/b", "/q", "/m"]:
        tracker.record(endpoint, 1.0)
    assert tracker.top(3, 1.0) == [("/m", 2), ("/b", 1), ("/q", 1)]


@kata("core", "edge")
def test_fewer_endpoints_than_k() -> None:
    """With fewer endpoints than k, top returns them all; with none, an empty list."""
    tracker = solution.TopKWindow(5)
    assert tracker.top(5, 0.0) == []
    tracker.record("/only", 1.0)
    assert tracker.top(5, 1.0) == [("/only", 1)]


@kata("core", "edge")
def test_bad_arguments_are_value_errors() -> None:
    """k outside 1..K, a non-positive k or window, and time going backwards are ValueErrors."""
    for args in [(0,), (-1,), (3, 0.0), (3, -5.0)]:
        with pytest.raises(ValueError):
            solution.TopKWindow(*args)
    tracker = solution.TopKWindow(3)
    tracker.record("/a", 100.0)
    for k in (0, 4):
        with pytest.raises(ValueError):
            tracker.top(k, 100.0)
    with pytest.raises(ValueError):
        tracker.record("/a", 99.0)
    with pytest.raises(ValueError):
        tracker.top(1, 50.0)


@kata("core", "clock")
def test_old_requests_leave_the_window() -> None:
    """Requests older than the window no longer count: last five minutes, not all time."""
    tracker = solution.TopKWindow(2, window=300.0)
    for i in range(5):
        tracker.record("/old", float(i))
    tracker.record("/new", 200.0)
    tracker.record("/new", 250.0)
    assert tracker.top(2, 250.0) == [("/old", 5), ("/new", 2)]
    assert tracker.top(2, 310.0) == [("/new", 2)]
    assert tracker.count("/old", 310.0) == 0


@kata("core", "clock")
def test_a_request_exactly_one_window_old_is_out() -> None:
    """The window is (now - window, now]: a request exactly `window` seconds old has left it."""
    tracker = solution.TopKWindow(1, window=60.0)
    tracker.record("/edge", 100.0)
    assert tracker.count("/edge", 159.5) == 1
    assert tracker.count("/edge", 160.0) == 0
    assert tracker.top(1, 160.0) == []


@kata("core", "clock")
def test_a_quiet_endpoint_returns_when_it_gets_traffic_again() -> None:
    """An endpoint whose requests all expired counts from zero when it is requested again."""
    tracker = solution.TopKWindow(2, window=10.0)
    for ts in (1.0, 2.0, 3.0):
        tracker.record("/a", ts)
    tracker.record("/b", 15.0)
    tracker.record("/a", 20.0)
    assert tracker.top(2, 20.0) == [("/a", 1), ("/b", 1)]


schedules = st.lists(
    st.tuples(
        st.sampled_from(["/a", "/b", "/c", "/d", "/e", "/f"]),
        st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.5]),
        st.booleans(),
    ),
    max_size=50,
)


@kata("core", "property")
@settings(max_examples=100)
@given(k=st.integers(1, 4), window=st.sampled_from([1.0, 2.0, 4.0]), steps=schedules)
def test_agrees_with_counting_the_window_from_scratch(
    k: int, window: float, steps: list[tuple[str, float, bool]]
) -> None:
    """Over any schedule, every top(k, now) equals counting the requests in the window anew."""
    tracker = solution.TopKWindow(k, window=window)
    requests: list[tuple[str, float]] = []
    now = 0.0
    for endpoint, wait, query in steps:
        now += wait
        if query:
            assert tracker.top(k, now) == model(requests, k, now, window)
        else:
            tracker.record(endpoint, now)
            requests.append((endpoint, now))


# --- indexed_heap ---------------------------------------------------------------------------


@kata("indexed_heap", "edge")
def test_an_outsider_takes_the_place_of_a_top_endpoint_that_cooled_down() -> None:
    """When a top endpoint's requests expire, the next best endpoint moves into the top."""
    tracker = solution.TopKWindow(1, window=100.0)
    for ts in (0.0, 1.0, 2.0):
        tracker.record("/burst", ts)
    for ts in (50.0, 51.0):
        tracker.record("/steady", ts)
    assert tracker.top(1, 60.0) == [("/burst", 3)]
    assert tracker.top(1, 101.5) == [("/steady", 2)]


@kata("indexed_heap", "edge")
def test_a_partly_expired_top_endpoint_is_overtaken() -> None:
    """A top endpoint losing some requests drops below one that now has more."""
    tracker = solution.TopKWindow(2, window=10.0)
    schedule = "aaabbbcca"
    for ts, name in enumerate(schedule):
        tracker.record(f"/{name}", float(ts))
    assert tracker.top(2, 9.0) == [("/a", 4), ("/b", 3)]
    assert tracker.top(2, 12.5) == [("/b", 3), ("/c", 2)]


@kata("indexed_heap", "perf")
def test_record_cost_does_not_grow_with_k() -> None:
    """record() is O(log K): a batch of updates costs about the same for K = 100 and 10,000."""

    def prepare(n: int) -> object:
        tracker = solution.TopKWindow(n)
        for i in range(n):
            tracker.record(f"/e{i}", 0.0)
        rng = random.Random(1)
        names = [f"/e{rng.randrange(n)}" for _ in range(300)]

        def batch() -> None:
            for endpoint in names:
                tracker.record(endpoint, 1.0)

        return batch

    assert growth_ratio(prepare, 100, 10_000) < 5


@kata("indexed_heap", "perf")
def test_query_cost_does_not_grow_with_the_endpoints() -> None:
    """top() reads the K kept entries: the same cost over 100 or 10,000 endpoints."""

    def prepare(n: int) -> object:
        tracker = solution.TopKWindow(10)
        for i in range(n):
            tracker.record(f"/e{i}", 0.0)

        def batch() -> None:
            for _ in range(50):
                tracker.top(10, 1.0)

        return batch

    assert growth_ratio(prepare, 100, 10_000) < 5


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_concurrent_records_are_all_counted() -> None:
    """8 threads recording at once: every request is counted and the top is exact."""
    tracker = solution.TopKWindow(4)
    endpoints = ["/a", "/b", "/c", "/d", "/e"]

    def work(index: int) -> None:
        for j in range(8):
            tracker.record(endpoints[(index + j * (index % 3 + 1)) % 5], 10.0)

    run_threads(8, work)
    expected = Counter(endpoints[(i + j * (i % 3 + 1)) % 5] for i in range(8) for j in range(8))
    ranked = sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    assert tracker.top(4, 10.0) == ranked[:4]


@kata("thread_safe", "concurrency")
def test_queries_and_expiry_race_with_records() -> None:
    """Readers expiring old requests while writers record never fail and never lose a request."""
    tracker = solution.TopKWindow(3, window=5.0)
    for i in range(6):
        tracker.record(f"/old{i}", 0.0)

    def work(index: int) -> None:
        for _ in range(6):
            if index % 2:
                tracker.record(f"/new{index % 3}", 10.0)
            else:
                tracker.top(3, 10.0)

    run_threads(8, work)
    assert tracker.top(3, 10.0) == [("/new1", 12), ("/new0", 6), ("/new2", 6)]
