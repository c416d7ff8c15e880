"""Hidden-style tests for the top K endpoints in a sliding window kata."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import growth_ratio, peak_memory, run_threads
from grading.testkit.markers import kata

solution = load_solution("top_k_window")


def in_window(requests: list[tuple[str, float]], now: float, window: float) -> Counter[str]:
    return Counter(endpoint for endpoint, ts in requests if now - window < ts <= now)


def model(requests: list[tuple[str, float]], k: int, now: float, window: float):
    counts = in_window(requests, now, window)
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
    with pytest.raises(ValueError):
        tracker.count("/a", 50.0)


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
def test_the_default_window_is_five_minutes() -> None:
    """Without a window argument the window is 300 seconds: the last five minutes."""
    tracker = solution.TopKWindow(2)
    tracker.record("/a", 1_000.0)
    tracker.record("/b", 1_000.5)
    assert tracker.count("/a", 1_299.75) == 1, "a request under five minutes old still counts"
    assert tracker.top(2, 1_300.0) == [("/b", 1)], "a request five minutes old has left"
    assert tracker.count("/b", 1_300.5) == 0


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
        # Names recorded out of name order, so ties at the cut are frequent and telling.
        st.sampled_from(["/f", "/c", "/e", "/a", "/d", "/b"]),
        st.sampled_from([0.0, 0.0, 0.5, 1.0, 2.5]),
    ),
    max_size=40,
)


@kata("core", "property")
@settings(max_examples=40)
@given(k=st.integers(1, 4), window=st.sampled_from([1.0, 2.0, 4.0]), steps=schedules)
def test_agrees_with_counting_the_window_from_scratch(
    k: int, window: float, steps: list[tuple[str, float]]
) -> None:
    """Over any schedule, every top(k, now) equals counting the requests in the window anew."""
    tracker = solution.TopKWindow(k, window=window)
    requests: list[tuple[str, float]] = []
    now = 0.0
    for endpoint, wait in steps:
        now += wait
        assert tracker.top(k, now) == model(requests, k, now, window)
        tracker.record(endpoint, now)
        requests.append((endpoint, now))
        assert tracker.count(endpoint, now) == in_window(requests, now, window)[endpoint]


# --- indexed_heap ---------------------------------------------------------------------------


class Key(str):
    """A key that counts comparisons: a scan or a sort of every key shows as n or more of them."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        Key.compared += 1
        return str.__eq__(self, other)

    def __lt__(self, other: str) -> bool:
        Key.compared += 1
        return str.__lt__(self, other)

    __hash__ = str.__hash__


def ranked_heap(priority: dict[str, int]) -> tuple[object, list[int]]:
    """An IndexedHeap whose root is the key with the smallest (priority, key); counts `before`."""
    calls = [0]

    def before(a: str, b: str) -> bool:
        calls[0] += 1
        return (priority[a], a) < (priority[b], b)

    return solution.IndexedHeap(before), calls


@kata("indexed_heap", "example")
def test_indexed_heap_orders_by_its_before_function() -> None:
    """IndexedHeap keeps the key `before` ranks first at the root, through every operation."""
    priority = {"a": 5, "b": 3, "c": 8, "d": 1, "e": 6}
    heap, _ = ranked_heap(priority)
    for key in "abcde":
        heap.push(key)
    assert len(heap) == 5 and "c" in heap and "z" not in heap
    assert sorted(heap) == list("abcde")
    assert heap.peek() == "d"
    assert heap.pop() == "d" and "d" not in heap and len(heap) == 4
    heap.remove("b")
    assert heap.peek() == "a" and "b" not in heap
    priority["c"] = 0  # c rises to the root
    heap.update("c")
    assert heap.peek() == "c"
    priority["c"] = 9  # and sinks again
    heap.update("c")
    assert [heap.pop() for _ in range(len(heap))] == ["a", "e", "c"]
    assert len(heap) == 0 and list(heap) == []


heap_steps = st.lists(
    st.tuples(
        st.sampled_from(["push", "pop", "remove", "update"]),
        st.sampled_from(list("abcdefgh")),
        st.integers(0, 9),
    ),
    max_size=40,
)


@kata("indexed_heap", "property")
@settings(max_examples=40)
@given(steps=heap_steps)
def test_indexed_heap_agrees_with_a_sorted_model(steps: list[tuple[str, str, int]]) -> None:
    """After any push, pop, remove and update, the root is the best key and no key is lost."""
    priority: dict[str, int] = {}
    heap, _ = ranked_heap(priority)
    for op, key, rank in steps:
        if op == "push" and key not in priority:
            priority[key] = rank
            heap.push(key)
        elif op == "pop" and priority:
            best = min(priority, key=lambda k: (priority[k], k))
            assert heap.pop() == best
            del priority[best]
        elif op == "remove" and key in priority:
            heap.remove(key)
            del priority[key]
        elif op == "update" and key in priority:
            priority[key] = rank
            heap.update(key)
        assert len(heap) == len(priority)
        assert sorted(heap) == sorted(priority)
        assert all((k in heap) == (k in priority) for k in "abcdefgh")
        if priority:
            assert heap.peek() == min(priority, key=lambda k: (priority[k], k))


@kata("indexed_heap", "property")
@settings(max_examples=30)
@given(ranks=st.permutations(range(24)), removals=st.permutations(range(24)))
def test_indexed_heap_removing_any_key_keeps_the_root_right(
    ranks: list[int], removals: list[int]
) -> None:
    """Removing keys from anywhere in a larger heap leaves the best remaining key at the root."""
    priority = {f"k{i:02}": rank for i, rank in enumerate(ranks)}
    heap, _ = ranked_heap(priority)
    for key in priority:
        heap.push(key)
    for i in removals:
        heap.remove(f"k{i:02}")
        del priority[f"k{i:02}"]
        if priority:  # the key moved into the hole may have to go up, not only down
            assert heap.peek() == min(priority, key=priority.__getitem__)
    assert len(heap) == 0


@kata("indexed_heap", "edge")
def test_a_key_moved_into_a_removed_place_can_rise() -> None:
    """After removing keys from deep in the heap, the root and the pops follow `before` order."""
    # Pushed in this (level) order, a binary heap holds the large values under the root's left
    # child and the small ones under its right, with 8 as the last leaf. Removing the deep left
    # key 103 puts 8 in its place, below 101: it must move up, not only down. Once 0..3 are gone,
    # 8 is the best key left and must be at the root.
    order = [0, 100, 1, 101, 102, 2, 3, 103, 104, 105, 106, 50, 51, 52, 8]
    priority = {f"k{value:03}": value for value in order}
    heap, _ = ranked_heap(priority)
    for key in priority:
        heap.push(key)
    roots = []
    for key in ("k103", "k000", "k001", "k002", "k003"):
        heap.remove(key)
        del priority[key]
        roots.append(heap.peek())
    assert roots == ["k000", "k001", "k002", "k003", "k008"]
    assert [heap.pop() for _ in range(len(heap))] == sorted(priority)


@kata("indexed_heap", "perf")
def test_indexed_heap_finds_keys_through_its_index() -> None:
    """update, remove and `in` on a heap of 2,000 keys cost O(log n) steps, never a scan."""
    n = 2_000
    priority = {Key(f"k{i:04}"): (i * 7919) % n for i in range(n)}
    heap, calls = ranked_heap(priority)  # type: ignore[arg-type]
    for key in priority:
        heap.push(key)
    moved, removed = list(priority)[::50], list(priority)[25::50]
    Key.compared, calls[0] = 0, 0
    for i, (key, gone) in enumerate(zip(moved, removed, strict=True)):
        assert key in heap
        priority[key] = -i if i % 2 else n + i  # to the root, then to the bottom
        heap.update(key)
        heap.remove(gone)
    operations = 3 * len(moved)
    # A binary heap needs about 2 log2(2000) = 22 comparisons per operation; a scan needs ~1000.
    assert (Key.compared + calls[0]) / operations < 60


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
    """top() reads the K kept entries: its work is the same over 100 or 5,000 endpoints."""

    def comparisons(n: int) -> int:
        tracker = solution.TopKWindow(10)
        for i in range(n):  # equal counts: ranking them compares names
            tracker.record(Key(f"/e{i:05}"), 0.0)
        Key.compared = 0
        for _ in range(5):
            assert tracker.top(10, 1.0) == [(f"/e{i:05}", 1) for i in range(10)]
        return Key.compared

    assert comparisons(5_000) <= 2 * comparisons(100) + 50


@kata("indexed_heap", "perf")
def test_memory_follows_the_window_not_the_stream() -> None:
    """Memory follows the requests and endpoints in the window, however long the stream runs."""
    tracker = solution.TopKWindow(3, window=10.0)
    names = [f"/e{i}" for i in range(7)]

    def feed(start: int, stop: int) -> None:
        for i in range(start, stop):
            tracker.record(names[i * i % 7], i * 0.5)  # counts keep changing: 20 in the window
            tracker.record(f"/once{i}", i * 0.5)  # and a new endpoint each time, soon gone
            if i % 10 == 0:
                tracker.top(3, i * 0.5)

    feed(0, 100)
    # 2,000 more steps: stale heap entries or forgotten endpoints kept take 290 kB or more; what
    # the window holds stays under 35 kB, its strings separate objects or shared.
    assert peak_memory(lambda: feed(100, 2_100)) < 60_000
    stream = [(names[i * i % 7], i * 0.5) for i in range(2_100)]
    stream += [(f"/once{i}", i * 0.5) for i in range(2_100)]
    assert tracker.top(3, 1_050.0) == model(stream, 3, 1_050.0, 10.0)


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_concurrent_records_are_all_counted() -> None:
    """Threads recording at once: every request is counted and the top is exact."""
    tracker = solution.TopKWindow(4)
    endpoints = ["/a", "/b", "/c", "/d", "/e"]

    def work(index: int) -> None:
        for j in range(8):
            tracker.record(endpoints[(index + j * (index % 3 + 1)) % 5], 10.0)

    run_threads(4, work)
    expected = Counter(endpoints[(i + j * (i % 3 + 1)) % 5] for i in range(4) for j in range(8))
    ranked = sorted(expected.items(), key=lambda item: (-item[1], item[0]))
    assert tracker.top(4, 10.0) == ranked[:4]


@kata("thread_safe", "concurrency")
def test_queries_and_expiry_race_with_records() -> None:
    """top() and count() expiring old requests while others record never fail or lose a request."""
    tracker = solution.TopKWindow(3, window=5.0)
    for i in range(6):
        tracker.record(f"/old{i}", 0.0)
    seen: list[tuple[int, list[tuple[str, int]]]] = []
    lock = threading.Lock()

    def work(index: int) -> None:
        for _ in range(5):
            if index < 2:
                tracker.record(f"/new{index}", 10.0)
                continue
            # Either reader may be the one whose query expires the old requests.
            counted = tracker.count("/new0", 10.0)
            ranked = tracker.top(3, 10.0)
            with lock:
                seen.append((counted, ranked))

    run_threads(4, work)
    assert tracker.top(3, 10.0) == [("/new0", 5), ("/new1", 5)]
    assert tracker.count("/new1", 10.0) == 5
    for counted, ranked in seen:
        assert 0 <= counted <= 5
        assert all(name.startswith("/new") and 1 <= n <= 5 for name, n in ranked), ranked
