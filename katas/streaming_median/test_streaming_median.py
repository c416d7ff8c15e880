"""Hidden-style tests for the streaming median kata."""

from __future__ import annotations

import random
import statistics
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import call_each, growth_ratio, peak_memory, run_threads
from grading.testkit.markers import kata

solution = load_solution("streaming_median")


def finder_of(values: list[float]) -> object:
    finder = solution.MedianFinder()
    call_each(finder.add, [(value,) for value in values])  # type: ignore[attr-defined]
    return finder


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_median_follows_each_add() -> None:
    """The median is right after every add, odd and even counts alike."""
    finder = solution.MedianFinder()
    medians = []
    for value in [5, 15, 1, 3, 8]:
        finder.add(value)
        medians.append(finder.median())
    assert medians == [5, 10, 5, 4, 5]


@kata("core", "example")
def test_even_count_averages_the_two_middle_values() -> None:
    """With an even count the median is the mean of the two middle values."""
    assert finder_of([1, 2]).median() == 1.5
    assert finder_of([10, 40, 20, 30]).median() == 25


@kata("core", "example")
def test_odd_count_is_the_middle_value() -> None:
    """With an odd count the median is the middle value of the sorted stream."""
    assert finder_of([9, 1, 7, 3, 5]).median() == 5


@kata("core", "edge")
def test_empty_stream_has_no_median() -> None:
    """median() on an empty stream raises ValueError."""
    with pytest.raises(ValueError):
        solution.MedianFinder().median()


@kata("core", "edge")
def test_single_value_is_its_own_median() -> None:
    """One value is the median; len() counts the values added."""
    finder = finder_of([-4.5])
    assert finder.median() == -4.5
    assert len(finder) == 1
    assert len(finder_of([1, 1, 2])) == 3


@kata("core", "edge")
def test_sorted_runs_keep_the_halves_balanced() -> None:
    """Ascending then descending runs (all landing on one side) still give the true median."""
    values = list(range(50)) + list(range(100, 50, -1))
    finder = solution.MedianFinder()
    for i, value in enumerate(values, start=1):
        finder.add(value)
        assert finder.median() == statistics.median(values[:i])


@kata("core", "edge")
def test_duplicates_and_negatives() -> None:
    """Repeated and negative values are counted each time they are added."""
    assert finder_of([-3, -3, -3, 7]).median() == -3
    assert finder_of([0, 0, -1, -1]).median() == -0.5


@kata("core", "edge")
def test_median_is_a_read_only_query() -> None:
    """Asking for the median removes nothing and changes nothing."""
    finder = finder_of([4, 1, 3])
    assert [finder.median() for _ in range(3)] == [3, 3, 3]
    finder.add(2)
    assert finder.median() == 2.5


@kata("core", "property")
@settings(max_examples=60)
@given(st.lists(st.integers(-1_000, 1_000), min_size=1, max_size=40))
def test_agrees_with_statistics_median(values: list[int]) -> None:
    """After every add the median equals statistics.median of everything added."""
    finder = solution.MedianFinder()
    for i, value in enumerate(values, start=1):
        finder.add(value)
        assert finder.median() == statistics.median(values[:i])


@kata("core", "perf")
def test_add_cost_does_not_grow_with_the_stream() -> None:
    """add() is O(log n): a batch of adds costs about the same at 500 and 200,000 values."""

    def prepare(n: int) -> object:
        finder = finder_of(list(range(n)))

        def batch() -> None:
            for j in range(150):
                finder.add(-1 - j % 5)  # below everything: a sorted list shifts every element
                finder.add(n + j % 5)  # above everything: the halves stay balanced

        return batch

    # Shifting a list is a memmove, fast per element: only sizes far apart show it (400x).
    assert growth_ratio(prepare, 500, 200_000) < 5


@kata("core", "perf")
def test_median_query_is_constant_time() -> None:
    """median() is O(1): it reads the heap tops and sorts nothing."""

    def prepare(n: int) -> object:
        finder = finder_of(list(range(n)))

        def batch() -> None:
            for _ in range(200):
                finder.median()

        return batch

    assert growth_ratio(prepare, 100, 10_000) < 5


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_concurrent_adds_keep_the_median_exact() -> None:
    """Threads adding interleaved values: nothing lost and the median is still exact."""
    finder = solution.MedianFinder()

    def add(index: int) -> None:
        for j in range(10):
            finder.add((index * 37 + j * 11) % 101)

    run_threads(4, add)
    everything = [(i * 37 + j * 11) % 101 for i in range(4) for j in range(10)]
    assert len(finder) == len(everything)
    assert finder.median() == statistics.median(everything)


def reads_during_adds(structure: object, values: list[int], medians: list[float]) -> None:
    """One thread adds `values`, two read the median meanwhile; each read must be a real median.

    `medians[k]` is the median once k values are in. The writer publishes how many adds have
    returned; a read that started after `lo` of them and ended before `hi + 2` had started saw a
    state between those, so its answer is one of `medians[lo..hi + 1]`. A read between an add's
    push and its rebalance, or across two adds, answers a value the stream never had as median.
    """
    done = [1]
    reads: list[tuple[int, float, int]] = []
    lock = threading.Lock()
    structure.add(values[0])  # type: ignore[attr-defined]

    def work(index: int) -> None:
        if index == 0:
            for count, value in enumerate(values[1:], start=2):
                structure.add(value)  # type: ignore[attr-defined]
                done[0] = count
            return
        for _ in range(3 * len(values)):  # readers are quicker than adds: span all of them
            lo = done[0]
            value = structure.median()  # type: ignore[attr-defined]
            with lock:
                reads.append((lo, value, done[0]))

    run_threads(3, work)
    for lo, value, hi in reads:
        assert value in medians[lo : hi + 2], (lo, value, hi)


# Each add to an even count lands strictly between the two tops and moves across, so a read
# between its push and its rebalance (or across two adds) averages a pair that were never the two
# middle values: a number no prefix had as median.
RACE_VALUES = [1000, 9100, 5063, 9300, 7094, 9500, 8110, 9700, 8618, 9900, 8872, 10100]


@kata("thread_safe", "concurrency")
def test_median_read_during_adds_is_a_median_the_stream_had() -> None:
    """median() racing with adds answers the median of the stream at some moment of the read."""
    medians = [0.0] + [statistics.median(RACE_VALUES[:k]) for k in range(1, 13)]
    reads_during_adds(solution.MedianFinder(), RACE_VALUES, medians)


@kata("thread_safe", "concurrency")
def test_window_median_read_during_adds_is_a_median_the_window_had() -> None:
    """A window's median() racing with adds answers the window's median at some moment of it."""
    size = 4
    medians = [0.0] + [statistics.median(RACE_VALUES[max(0, k - size) : k]) for k in range(1, 13)]
    reads_during_adds(solution.WindowMedian(size), RACE_VALUES, medians)


@kata("thread_safe", "concurrency")
def test_concurrent_windows_keep_their_size() -> None:
    """Threads adding to one window leave exactly `size` values and a median among them."""
    window = solution.WindowMedian(19)
    run_threads(4, lambda i: [window.add(i) for _ in range(8)])
    assert len(window) == 19
    assert window.median() in {float(i) for i in range(4)}


# --- sliding_window -------------------------------------------------------------------------


@kata("sliding_window", "example")
def test_window_forgets_values_that_left_it() -> None:
    """The window median covers only the last `size` values."""
    window = solution.WindowMedian(3)
    medians = []
    for value in [1, 3, -1, -3, 5, 3, 6, 7]:
        window.add(value)
        medians.append(window.median())
    assert medians == [1, 2, 1, -1, -1, 3, 5, 6]


@kata("sliding_window", "edge")
def test_window_of_one_is_the_last_value() -> None:
    """A window of size 1 always answers the last value added."""
    window = solution.WindowMedian(1)
    for value in [4, -2, 9, 9, 0]:
        window.add(value)
        assert window.median() == value
        assert len(window) == 1


@kata("sliding_window", "edge")
def test_window_rejects_bad_sizes_and_empty_queries() -> None:
    """A size below 1 is a ValueError, and so is the median of an empty window."""
    for size in (0, -3):
        with pytest.raises(ValueError):
            solution.WindowMedian(size)
    with pytest.raises(ValueError):
        solution.WindowMedian(4).median()


@kata("sliding_window", "edge")
def test_duplicates_leave_the_window_one_at_a_time() -> None:
    """Equal values leave the window one by one, in arrival order."""
    window = solution.WindowMedian(4)
    for value in [2, 2, 2, 9, 9, 9, 9]:
        window.add(value)
    assert window.median() == 9
    window = solution.WindowMedian(4)
    for value in [2, 2, 9, 9, 2]:
        window.add(value)
    assert window.median() == 5.5


@kata("sliding_window", "property")
@settings(max_examples=60)
@given(
    size=st.integers(1, 8),
    values=st.lists(st.integers(-5, 5), min_size=1, max_size=40),
)
def test_window_agrees_with_statistics_median(size: int, values: list[int]) -> None:
    """After every add the window median equals statistics.median of the last `size` values."""
    window = solution.WindowMedian(size)
    for i, value in enumerate(values, start=1):
        window.add(value)
        assert window.median() == statistics.median(values[max(0, i - size) : i])
        assert len(window) == min(size, i)


@kata("sliding_window", "property")
@settings(max_examples=15)
@given(
    size=st.integers(2, 12),
    values=st.lists(st.integers(-20, 20), min_size=100, max_size=200),
)
def test_long_streams_agree_with_statistics_median(size: int, values: list[int]) -> None:
    """Over a long stream (many values come and go) the window median stays exact after each add."""
    window = solution.WindowMedian(size)
    for i, value in enumerate(values, start=1):
        window.add(value)
        assert window.median() == statistics.median(values[max(0, i - size) : i])
    assert len(window) == size


@kata("sliding_window", "perf")
def test_window_add_cost_does_not_grow_with_the_window() -> None:
    """Sliding the window is O(log size) amortised: same batch cost at sizes 20 and 2000."""

    def prepare(n: int) -> object:
        rng = random.Random(5)
        window = solution.WindowMedian(n)
        for _ in range(n):
            window.add(rng.random())

        def batch() -> None:
            for _ in range(300):
                window.add(rng.random())

        return batch

    assert growth_ratio(prepare, 20, 2_000) < 5


@kata("sliding_window", "perf")
def test_window_median_query_does_not_grow_with_the_window() -> None:
    """A window's median() reads the tops: the same cost at sizes 20 and 2000."""

    def prepare(n: int) -> object:
        window = solution.WindowMedian(n)
        for value in range(2 * n):  # the window has slid, so stale entries exist too
            window.add(value * 7 % 101)

        def batch() -> None:
            for _ in range(200):
                window.median()

        return batch

    assert growth_ratio(prepare, 20, 2_000) < 5


@kata("sliding_window", "perf")
def test_window_memory_follows_the_window_not_the_stream() -> None:
    """A small window over a long rising stream holds memory for the window, not the stream."""
    window = solution.WindowMedian(8)

    def run() -> None:
        for value in range(5_000):
            window.add(value)

    assert peak_memory(run) < 100_000
    assert window.median() == 4_995.5


@kata("sliding_window", "perf")
def test_window_memory_stays_bounded_when_old_values_sit_on_both_sides() -> None:
    """A stream closing in on its middle leaves old values on both sides: memory still O(size)."""
    window = solution.WindowMedian(8)
    # Each value is nearer the middle than the ones before it, alternately from below and above.
    stream = [10_000 - k if k % 2 else -10_000 + k for k in range(5_000)]

    def run() -> None:
        for value in stream:
            window.add(value)

    assert peak_memory(run) < 100_000
    assert window.median() == statistics.median(stream[-8:])
