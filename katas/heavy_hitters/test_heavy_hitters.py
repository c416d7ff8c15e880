"""Hidden-style tests for the heavy hitters kata (SpaceSaving and count-min sketch)."""

from __future__ import annotations

import json
import math
import os
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import call_each, growth_ratio, peak_memory, run_threads
from grading.testkit.markers import kata
from grading.testkit.processes import in_fresh_process

solution = load_solution("heavy_hitters")


def skewed_stream(seed: int, length: int = 10_000, distinct: int = 1_500) -> list[str]:
    """A deterministic stream where a few items are frequent and most are rare."""
    rng = random.Random(seed)
    return [f"user-{int(rng.random() ** 3 * distinct)}" for _ in range(length)]


# --- space_saving ---------------------------------------------------------------------------


@kata("space_saving", "example")
def test_frequent_items_are_reported() -> None:
    """Items above total/k are reported with their counts, most first."""
    summary = solution.SpaceSaving(4)
    stream = ["a", "b", "a", "c", "a", "d", "b", "a", "e", "b"]
    for item in stream:
        summary.add(item)
    hitters = dict(summary.heavy_hitters())
    assert list(hitters)[:2] == ["a", "b"]
    assert hitters["a"] >= 4 and hitters["b"] >= 3
    assert summary.total == 10


@kata("space_saving", "example")
def test_heavy_hitters_come_most_first() -> None:
    """heavy_hitters() is ordered by estimate, largest first, whatever the items are called."""
    summary = solution.SpaceSaving(3)
    for item, times in [("alpha", 4), ("mid", 1), ("zeta", 6)]:
        summary.add(item, times)
    assert [item for item, _ in summary.heavy_hitters()] == ["zeta", "alpha"]


@kata("space_saving", "example")
def test_exact_while_counters_are_free() -> None:
    """With no more distinct items than counters, estimates are exact and errors zero."""
    summary = solution.SpaceSaving(4)
    for item, times in [("x", 5), ("y", 2), ("z", 1)]:
        summary.add(item, times)
    assert [summary.estimate(i) for i in "xyz"] == [5, 2, 1]
    assert [summary.guaranteed(i) for i in "xyz"] == [5, 2, 1]
    assert summary.estimate("never") == 0
    assert summary.guaranteed("never") == 0, "guaranteed() of an item never seen"


@kata("space_saving", "edge")
def test_a_newcomer_inherits_the_smallest_count() -> None:
    """A new item takes over the smallest counter and its count, recorded as its error."""
    summary = solution.SpaceSaving(2)
    summary.add("a", 5)
    summary.add("b", 3)
    summary.add("c")
    assert summary.estimate("c") == 4
    assert summary.guaranteed("c") == 1
    assert summary.estimate("b") == 4  # an evicted item's bound: the smallest counter now
    assert summary.estimate("a") == 5
    assert summary.guaranteed("b") == 0, "guaranteed() of an evicted item"


@kata("space_saving", "edge")
def test_bad_arguments_are_value_errors() -> None:
    """k below 1 and a count below 1 are ValueErrors."""
    for k in (0, -1):
        with pytest.raises(ValueError):
            solution.SpaceSaving(k)
    with pytest.raises(ValueError):
        solution.SpaceSaving(2).add("a", 0)


@kata("space_saving", "edge")
def test_a_late_heavy_item_is_still_found() -> None:
    """An item that turns heavy after many rare ones is reported with a count above its share."""
    summary = solution.SpaceSaving(5)
    stream = [f"rare-{i}" for i in range(40)] + ["late", "rare-x", "rare-y"] * 15
    for item in stream:
        summary.add(item)
    assert "late" in dict(summary.heavy_hitters())
    assert summary.estimate("late") >= 15


@kata("space_saving", "edge")
def test_an_item_at_exactly_its_share_is_not_heavy() -> None:
    """heavy_hitters() lists estimates strictly above total/k, exactly, however large the counts."""
    summary = solution.SpaceSaving(4)
    for item in "abcd":
        summary.add(item, 2)
    assert summary.heavy_hitters() == []  # 2 each of 8 in total: exactly total/k, not above
    huge = 2**60 + 1  # past 2**53, where total / k in floating point rounds
    summary = solution.SpaceSaving(3)
    for item in "abc":
        summary.add(item, huge)
    assert summary.total == 3 * huge
    assert summary.heavy_hitters() == []
    summary.add("a")
    assert summary.heavy_hitters() == [("a", huge + 1)]
    assert summary.estimate("a") == huge + 1 and summary.guaranteed("b") == huge


@kata("space_saving", "property")
@settings(max_examples=60)
@given(k=st.integers(1, 5), stream=st.lists(st.sampled_from("abcdefgh"), max_size=60))
def test_bounds_hold_and_no_heavy_item_is_missed(k: int, stream: list[str]) -> None:
    """guaranteed <= true <= estimate for every item, and every item above n/k is reported."""
    summary = solution.SpaceSaving(k)
    for item in stream:
        summary.add(item)
    truth = Counter(stream)
    reported = dict(summary.heavy_hitters())
    for item in "abcdefgh":
        assert summary.guaranteed(item) <= truth[item] <= summary.estimate(item)
        if truth[item] * k > len(stream):
            assert item in reported


@kata("space_saving", "perf")
def test_eviction_cost_does_not_grow_with_k() -> None:
    """Replacing the smallest counter is O(log k): same batch cost for k = 30 and 3000."""

    def prepare(n: int) -> object:
        summary = solution.SpaceSaving(n)
        for i in range(n):
            summary.add(f"seed-{i}", 1 + i % 7)
        fresh = (f"new-{i}" for i in range(10**9))

        def batch() -> None:
            for _ in range(200):
                summary.add(next(fresh))

        return batch

    assert growth_ratio(prepare, 30, 3_000) < 5


@kata("space_saving", "perf")
def test_memory_stays_bounded_by_k() -> None:
    """SpaceSaving memory is O(k): a long stream over a few counters holds no growing structure."""
    summary = solution.SpaceSaving(10)
    # Mostly increments of monitored items (which leave stale heap entries deep in a lazy heap),
    # with an eviction now and then; the items are made here, outside the measurement.
    stream = [f"u{i % 8}" if i % 50 else f"rare{i}" for i in range(4_000)]
    for item in stream[:200]:
        summary.add(item)
    rest = stream[200:]  # sliced here: a copy made inside the measurement would count

    def run() -> None:
        for item in rest:
            summary.add(item)

    # 3,800 adds: an entry kept per add (a heap never cleaned of stale entries) takes 250 kB.
    assert peak_memory(run) < 40_000
    truth = Counter(stream)
    for item, estimate in summary.heavy_hitters():
        assert estimate >= truth[item]


@kata("space_saving", "concurrency")
def test_concurrent_adds_keep_every_count() -> None:
    """Threads adding to one summary with free counters lose no count."""
    summary = solution.SpaceSaving(8)
    run_threads(4, lambda i: [summary.add(f"t{i % 2}") for _ in range(10)])
    assert summary.total == 40
    assert [summary.estimate(f"t{i}") for i in range(2)] == [20, 20]


@kata("space_saving", "concurrency")
def test_reads_racing_evictions_see_whole_counters() -> None:
    """estimate() and heavy_hitters() racing adds that evict never fail and stay within bounds."""
    summary = solution.SpaceSaving(3)
    for item in ("hot", "hot", "hot", "x", "y"):
        summary.add(item)

    def work(index: int) -> None:
        for j in range(6):
            if index < 2:
                summary.add(f"new{index}-{j}")  # every add evicts the smallest counter
                summary.add("hot")
                continue
            # Checked in the reading thread itself: a torn read fails right where it happens.
            assert 3 <= summary.estimate("hot") <= 3 + 12
            counts = [count for _, count in summary.heavy_hitters()]
            assert counts == sorted(counts, reverse=True)
            if j % 2:
                summary.estimate(f"new{index % 2}-{j - 1}")  # an item an add may be evicting

    run_threads(4, work)
    assert summary.total == 5 + 24
    assert summary.estimate("hot") == 15


# --- count_min ------------------------------------------------------------------------------


@kata("count_min", "example")
def test_estimates_are_never_low_and_exact_when_wide() -> None:
    """A wide sketch counts a few items exactly; estimates never go below the true count."""
    sketch = solution.CountMinSketch(0.001, 0.01)
    for item, times in [("GET /", 7), ("POST /pay", 3), ("GET /health", 1)]:
        sketch.add(item, times)
    assert sketch.estimate("GET /") == 7
    assert sketch.estimate("POST /pay") == 3
    assert sketch.estimate("DELETE /") == 0
    assert sketch.total == 11


@kata("count_min", "edge")
def test_dimensions_follow_epsilon_and_delta() -> None:
    """width = ceil(e / epsilon) and depth = ceil(ln(1 / delta))."""
    sketch = solution.CountMinSketch(0.01, 0.001)
    assert sketch.width == math.ceil(math.e / 0.01)
    assert sketch.depth == math.ceil(math.log(1 / 0.001))
    assert solution.CountMinSketch(0.5, 0.5).depth == 1


@kata("count_min", "edge")
def test_bad_parameters_are_value_errors() -> None:
    """epsilon or delta outside (0, 1), and a count below 1, are ValueErrors."""
    for epsilon, delta in [(0, 0.1), (1, 0.1), (0.1, 0), (0.1, 1), (0.1, 1.5), (-0.1, 0.1)]:
        with pytest.raises(ValueError):
            solution.CountMinSketch(epsilon, delta)
    with pytest.raises(ValueError):
        solution.CountMinSketch(0.1, 0.1).add("x", 0)


@kata("count_min", "edge")
def test_counts_stay_exact_however_large() -> None:
    """Cells and totals are exact integers: counts past 2**53 still add up to the last unit."""
    sketch = solution.CountMinSketch(0.01, 0.01)
    sketch.add("bulk", 2**53)
    sketch.add("bulk")
    sketch.add("other", 3)
    assert sketch.estimate("bulk") == 2**53 + 1
    assert sketch.total == 2**53 + 4


@kata("count_min", "property")
@settings(max_examples=40)
@given(
    stream=st.lists(st.sampled_from([f"k{i}" for i in range(30)]), max_size=150),
    seed=st.integers(0, 1_000),
)
def test_estimate_is_never_below_the_true_count(stream: list[str], seed: int) -> None:
    """In a narrow sketch full of collisions, every estimate is still >= the true count."""
    sketch = solution.CountMinSketch(0.3, 0.2, seed=seed)
    for item in stream:
        sketch.add(item)
    truth = Counter(stream)
    for item in [f"k{i}" for i in range(30)]:
        assert sketch.estimate(item) >= truth[item]


@kata("count_min", "property")
@settings(max_examples=2)
@given(seed=st.integers(0, 2**32))
def test_overestimate_stays_within_epsilon_n_for_most_items(seed: int) -> None:
    """Over a skewed stream, at most delta of the items are overestimated by more than eps * N."""
    stream = skewed_stream(seed)
    sketch = solution.CountMinSketch(0.01, 0.01, seed=seed)
    call_each(sketch.add, [(item,) for item in stream])
    truth = Counter(stream)
    bound = 0.01 * len(stream)
    estimates = call_each(sketch.estimate, [(item,) for item in truth])
    too_high = sum(
        1 for (_, count), estimate in zip(truth.items(), estimates, strict=True)
        if estimate - count > bound
    )  # fmt: skip
    assert too_high <= 0.01 * len(truth)


@kata("count_min", "edge")
def test_the_same_seed_gives_the_same_sketch_in_every_process() -> None:
    """Hashing is seeded and stable: another process with another hash salt gets the same cells."""
    items = [f"user-{i % 23}" for i in range(120)]
    sketch = solution.CountMinSketch(0.2, 0.1, seed=7)
    for item in items:
        sketch.add(item)
    here = [sketch.estimate(f"user-{i}") for i in range(30)]
    script = (
        "import json\n"
        "sketch = solution.CountMinSketch(0.2, 0.1, seed=7)\n"
        f"for item in {items!r}:\n"
        "    sketch.add(item)\n"
        "print(json.dumps([sketch.estimate(f'user-{i}') for i in range(30)]))\n"
    )
    # hash() of str is salted per process: the other process gets a different salt than this one.
    other_seed = 2 if os.environ.get("PYTHONHASHSEED") == "1" else 1
    there = in_fresh_process("heavy_hitters", script, hash_seed=other_seed)
    assert json.loads(there) == here


@kata("count_min", "edge")
def test_seeds_choose_the_hash_functions() -> None:
    """Two sketches with one seed agree cell for cell; another seed collides differently."""
    items = [f"ip-{i}" for i in range(60)]
    a, b, c = (solution.CountMinSketch(0.3, 0.2, seed=s) for s in (1, 1, 2))
    for sketch in (a, b, c):
        for item in items:
            sketch.add(item)
    estimates = [[s.estimate(item) for item in items] for s in (a, b, c)]
    assert estimates[0] == estimates[1]
    assert estimates[0] != estimates[2]


@kata("count_min", "edge")
def test_the_default_seed_is_zero() -> None:
    """CountMinSketch(epsilon, delta) is seed 0: it merges with, and hashes like, seed=0."""
    default, explicit = solution.CountMinSketch(0.3, 0.2), solution.CountMinSketch(0.3, 0.2, seed=0)
    assert default.seed == 0
    items = [f"ip-{i}" for i in range(60)]
    for item in items:
        default.add(item)
        explicit.add(item)
    assert [default.estimate(i) for i in items] == [explicit.estimate(i) for i in items]
    default.merge(explicit)
    assert default.total == 120


@kata("count_min", "edge")
def test_a_negative_seed_is_a_seed_like_any_other() -> None:
    """Any int is a seed, negative ones too: the same negative seed agrees, its opposite differs."""
    items = [f"ip-{i}" for i in range(60)]
    a, b, c = (solution.CountMinSketch(0.3, 0.2, seed=s) for s in (-5, -5, 5))
    for sketch in (a, b, c):
        for item in items:
            sketch.add(item)
    estimates = [[s.estimate(item) for item in items] for s in (a, b, c)]
    assert estimates[0] == estimates[1]
    assert estimates[0] != estimates[2]
    assert all(e >= 1 for e in estimates[0])
    a.merge(b)
    assert a.seed == -5 and a.total == 120


@kata("count_min", "concurrency")
def test_concurrent_adds_to_one_sketch_lose_nothing() -> None:
    """Threads adding to one sketch: the total and a wide sketch's estimates are exact."""
    sketch = solution.CountMinSketch(0.001, 0.1)
    run_threads(4, lambda i: [sketch.add(f"e{i % 2}") for _ in range(10)])
    assert sketch.total == 40
    assert [sketch.estimate("e0"), sketch.estimate("e1")] == [20, 20]


# --- mergeable ------------------------------------------------------------------------------


@kata("mergeable", "property")
@settings(max_examples=40)
@given(
    left=st.lists(st.sampled_from([f"k{i}" for i in range(20)]), max_size=60),
    right=st.lists(st.sampled_from([f"k{i}" for i in range(20)]), max_size=60),
)
def test_merged_sketch_equals_one_sketch_of_both_streams(left: list[str], right: list[str]) -> None:
    """Merging two servers' sketches gives exactly the sketch of the two streams together."""
    a, b, both = (solution.CountMinSketch(0.3, 0.2, seed=3) for _ in range(3))
    for item in left:
        a.add(item)
        both.add(item)
    for item in right:
        b.add(item)
        both.add(item)
    a.merge(b)
    assert a.total == both.total
    assert [a.estimate(f"k{i}") for i in range(20)] == [both.estimate(f"k{i}") for i in range(20)]


@kata("mergeable", "edge")
def test_merging_incompatible_sketches_is_refused() -> None:
    """Sketches with another seed, width or depth cannot be merged: ValueError, nothing changed."""
    sketch = solution.CountMinSketch(0.1, 0.1, seed=1)
    sketch.add("x", 3)
    for other in (
        solution.CountMinSketch(0.1, 0.1, seed=2),
        solution.CountMinSketch(0.05, 0.1, seed=1),
        solution.CountMinSketch(0.1, 0.01, seed=1),
    ):
        other.add("x", 5)
        with pytest.raises(ValueError):
            sketch.merge(other)
    assert sketch.total == 3
    assert sketch.estimate("x") == 3


@kata("mergeable", "edge")
def test_merged_counts_stay_exact_however_large() -> None:
    """Merging adds cells and totals exactly, however large the servers' counts."""
    a, b = (solution.CountMinSketch(0.01, 0.01, seed=4) for _ in range(2))
    a.add("bulk", 2**60 + 1)
    b.add("bulk", 2**60 + 1)
    b.add("rare")
    a.merge(b)
    assert a.estimate("bulk") == 2**61 + 2
    assert a.estimate("rare") == 1
    assert a.total == 2**61 + 3


@kata("mergeable", "example")
def test_merging_finds_an_item_heavy_only_in_total() -> None:
    """An item modest on each server but heavy overall shows its full count after merging."""
    servers = [solution.CountMinSketch(0.01, 0.01, seed=9) for _ in range(3)]
    for index, sketch in enumerate(servers):
        for i in range(30):
            sketch.add(f"local-{index}-{i % 10}")
        sketch.add("/checkout", 8)
    merged = solution.CountMinSketch(0.01, 0.01, seed=9)
    for sketch in servers:
        merged.merge(sketch)
    assert merged.estimate("/checkout") == 24
    assert merged.total == 3 * 38
