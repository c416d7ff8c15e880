"""Hidden-style tests for the Bloom filter kata."""

from __future__ import annotations

import math
import os
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from grading.solution import load_solution
from grading.testkit import call_each, peak_memory
from grading.testkit.markers import kata
from grading.testkit.processes import in_fresh_process

solution = load_solution("bloom_filter")


def ideal_bits(n: int, p: float) -> float:
    return -n * math.log(p) / math.log(2) ** 2


def measured_fp_rate(bloom: object, n: int, probes: int) -> float:
    call_each(bloom.add, [(f"member-{i}",) for i in range(n)])  # type: ignore[attr-defined]
    hits = call_each(bloom.__contains__, [(f"stranger-{i}",) for i in range(probes)])
    return sum(1 for hit in hits if hit) / probes


# A small alphabet with a non-ASCII letter and a NUL: str items must be encoded, not assumed ASCII.
items = st.one_of(st.text(alphabet="abcxyz\u00e9\u4e2d\x00", max_size=12), st.binary(max_size=12))


# --- sizing ---------------------------------------------------------------------------------


@kata("sizing", "example")
@pytest.mark.parametrize(("n", "p"), [(1_000, 0.01), (50_000, 0.001), (10, 0.2)])
def test_bits_follow_the_standard_formula(n: int, p: float) -> None:
    """m is -n ln p / (ln 2)^2 bits, rounded up."""
    num_bits, _ = solution.optimal_size(n, p)
    assert math.ceil(ideal_bits(n, p)) - 1 <= num_bits <= math.ceil(ideal_bits(n, p)) + 1


@kata("sizing", "example")
@pytest.mark.parametrize(("n", "p", "k"), [(1_000, 0.01, 7), (50_000, 0.001, 10), (10, 0.2, 2)])
def test_hashes_follow_the_standard_formula(n: int, p: float, k: int) -> None:
    """k is (m / n) ln 2 hashes, rounded."""
    assert solution.optimal_size(n, p)[1] == k


@kata("sizing", "example")
def test_filters_report_their_sizes() -> None:
    """Both filters expose the sizes optimal_size chose."""
    expected = solution.optimal_size(2_000, 0.02)
    assert (
        solution.BloomFilter(2_000, 0.02).num_bits,
        solution.BloomFilter(2_000, 0.02).num_hashes,
    ) == expected
    counting = solution.CountingBloomFilter(2_000, 0.02)
    assert (counting.num_bits, counting.num_hashes) == expected


@kata("sizing", "edge")
@pytest.mark.parametrize(("n", "p"), [(1, 0.9), (1_000, 0.9), (200, 0.75)])
def test_a_very_loose_target_still_uses_one_hash(n: int, p: float) -> None:
    """Even a huge false-positive target gives one bit or more, exactly one hash, and filters."""
    num_bits, num_hashes = solution.optimal_size(n, p)
    assert num_bits >= 1
    assert num_hashes == 1, "k rounds to 0 here, and at least 1 means exactly 1"
    bloom = solution.BloomFilter(n, p)
    assert "never added" not in bloom


@kata("sizing", "edge")
@pytest.mark.parametrize(("n", "p"), [(0, 0.01), (-5, 0.01), (100, 0.0), (100, 1.0), (100, 1.5)])
def test_impossible_settings_are_rejected(n: int, p: float) -> None:
    """A non-positive item count or a rate outside (0, 1) is a ValueError."""
    with pytest.raises(ValueError):
        solution.optimal_size(n, p)
    with pytest.raises(ValueError):
        solution.BloomFilter(n, p)
    with pytest.raises(ValueError):
        solution.CountingBloomFilter(n, p)


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_added_items_are_found_and_strangers_mostly_not() -> None:
    """Added items are in the filter; an empty filter contains nothing."""
    bloom = solution.BloomFilter(100, 0.01)
    assert "alice" not in bloom
    bloom.add("alice")
    bloom.add(b"\x00bytes")
    assert "alice" in bloom
    assert b"\x00bytes" in bloom
    assert sum(f"nobody-{i}" in bloom for i in range(100)) <= 5


@kata("core", "property")
@settings(max_examples=30)
@given(added=st.lists(items, max_size=40))
def test_no_false_negatives(added: list[str | bytes]) -> None:
    """Every added item is reported present, even past the expected item count."""
    bloom = solution.BloomFilter(20, 0.05)
    for item in added:
        bloom.add(item)
    assert all(item in bloom for item in added)


@kata("core", "example")
def test_bytes_round_trip_keeps_every_item() -> None:
    """from_bytes(to_bytes()) gives a filter with the same sizes and the same answers."""
    bloom = solution.BloomFilter(500, 0.01)
    for i in range(500):
        bloom.add(f"user-{i}")
    copy = solution.BloomFilter.from_bytes(bloom.to_bytes())
    assert (copy.num_bits, copy.num_hashes) == (bloom.num_bits, bloom.num_hashes)
    assert all(f"user-{i}" in copy for i in range(500))
    probes = [f"other-{i}" for i in range(500)]
    assert [p in copy for p in probes] == [p in bloom for p in probes]


@kata("core", "edge")
def test_round_trip_works_for_every_filter_size() -> None:
    """to_bytes and from_bytes agree for any number of bits, a whole number of bytes or not."""
    leftovers = set()
    for n in range(1, 41):
        bloom = solution.BloomFilter(n, 0.05)
        leftovers.add(bloom.num_bits % 8)
        for i in range(n):
            bloom.add(f"item-{i}")
        copy = solution.BloomFilter.from_bytes(bloom.to_bytes())
        assert (copy.num_bits, copy.num_hashes) == (bloom.num_bits, bloom.num_hashes)
        assert all(f"item-{i}" in copy for i in range(n)), f"an item lost with {n} expected"
    assert leftovers == set(range(8))


LOAD = """
bloom = solution.BloomFilter.from_bytes(bytes.fromhex({data!r}))
members = [f"user-{{i}}" in bloom and f"blob-{{i}}".encode() in bloom for i in range(300)]
strangers = [f"other-{{i}}" in bloom for i in range(300)]
print(members.count(False), "".join("1" if s else "0" for s in strangers))
"""


@kata("core", "failure")
def test_filter_saved_by_one_process_works_in_another() -> None:
    """A filter saved here and loaded by a process with another hash salt gives the same answers."""
    bloom = solution.BloomFilter(300, 0.01)
    for i in range(300):
        bloom.add(f"user-{i}")
        bloom.add(f"blob-{i}".encode())
    here = "".join("1" if f"other-{i}" in bloom else "0" for i in range(300))
    # hash() of str and bytes is salted per process: the other process gets a different salt.
    other_seed = 2 if os.environ.get("PYTHONHASHSEED") == "1" else 1
    there = in_fresh_process(
        "bloom_filter",
        LOAD.format(data=bloom.to_bytes().hex()),
        hash_seed=other_seed,
        timeout=4.0,
    ).split()
    assert int(there[0]) == 0
    assert there[1] == here


# --- accuracy -------------------------------------------------------------------------------


@kata("accuracy", "example")
def test_false_positive_rate_is_near_the_target() -> None:
    """Filled to its expected count, the filter's measured false-positive rate is close to p."""
    rate = measured_fp_rate(solution.BloomFilter(4_000, 0.01), 4_000, 16_000)
    assert 0.01 / 1.5 <= rate <= 0.01 * 1.5


@kata("accuracy", "example")
def test_false_positive_rate_is_near_a_loose_target() -> None:
    """At a looser target the measured rate tracks that target too."""
    rate = measured_fp_rate(solution.BloomFilter(1_000, 0.05), 1_000, 4_000)
    assert 0.05 / 1.5 <= rate <= 0.05 * 1.5


@kata("accuracy", "edge")
def test_overfilling_raises_the_false_positive_rate() -> None:
    """Past its expected count the filter still answers, just with more false positives."""
    rate = measured_fp_rate(solution.BloomFilter(500, 0.01), 2_000, 4_000)
    assert rate > 0.05


@kata("accuracy", "perf")
def test_memory_is_bits_not_objects() -> None:
    """A filter for 50,000 items at 1% takes about m / 8 bytes, not a Python object per slot."""
    num_bits, _ = solution.optimal_size(50_000, 0.01)
    holder: list[object] = []

    def build() -> None:
        bloom = solution.BloomFilter(50_000, 0.01)
        for i in range(20):
            bloom.add(f"user-{i}")
        holder.append(bloom)

    assert peak_memory(build) < num_bits / 8 * 2 + 64_000


@kata("counting", "perf")
def test_counting_filter_memory_is_a_byte_per_slot() -> None:
    """A counting filter for 50,000 items at 1% takes about a byte per slot, not an object each."""
    num_bits, _ = solution.optimal_size(50_000, 0.01)
    holder: list[object] = []

    def build() -> None:
        counting = solution.CountingBloomFilter(50_000, 0.01)
        for i in range(20):
            counting.add(f"user-{i}")
        holder.append(counting)

    assert peak_memory(build) < num_bits * 1.5 + 64_000


# --- counting -------------------------------------------------------------------------------


@kata("counting", "example")
def test_removed_item_is_gone_and_others_stay() -> None:
    """remove() takes an item out and leaves the other items in."""
    bloom = solution.CountingBloomFilter(200, 0.01)
    for i in range(100):
        bloom.add(f"user-{i}")
    bloom.remove("user-7")
    assert "user-7" not in bloom
    assert all(f"user-{i}" in bloom for i in range(100) if i != 7)


@kata("counting", "edge")
def test_an_item_added_twice_needs_two_removes() -> None:
    """Adds are counted: an item added twice is still present after one remove."""
    bloom = solution.CountingBloomFilter(50, 0.01)
    bloom.add("alice")
    bloom.add("alice")
    bloom.remove("alice")
    assert "alice" in bloom
    bloom.remove("alice")
    assert "alice" not in bloom


@kata("counting", "edge")
def test_removing_an_absent_item_is_refused() -> None:
    """Removing an item the filter knows is absent raises KeyError and harms no other item."""
    bloom = solution.CountingBloomFilter(50, 0.01)
    with pytest.raises(KeyError):
        bloom.remove("nobody")
    for i in range(50):
        bloom.add(f"user-{i}")
    strangers = [f"stranger-{i}" for i in range(100)]
    for stranger in [s for s in strangers if s not in bloom]:
        with pytest.raises(KeyError):
            bloom.remove(stranger)
    assert all(f"user-{i}" in bloom for i in range(50))


@kata("counting", "edge")
def test_counters_never_overflow() -> None:
    """Hundreds of adds of one item never wrap a counter round to zero."""
    bloom = solution.CountingBloomFilter(50, 0.01)
    for _ in range(600):
        bloom.add("hot")
    for _ in range(599):
        bloom.remove("hot")
    assert "hot" in bloom


class CountingModel(RuleBasedStateMachine):
    """Adds and removes against a multiset: whatever is still in the multiset is in the filter."""

    def __init__(self) -> None:
        super().__init__()
        self.bloom = solution.CountingBloomFilter(8, 0.1)
        self.model: Counter[str] = Counter()

    @rule(item=st.sampled_from([f"k{i}" for i in range(24)]))
    def add(self, item: str) -> None:
        self.bloom.add(item)
        self.model[item] += 1

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def remove(self, data: st.DataObject) -> None:
        item = data.draw(st.sampled_from(sorted(self.model)))
        self.bloom.remove(item)
        self.model[item] -= 1
        if not self.model[item]:
            del self.model[item]

    @invariant()
    def present_items_are_found(self) -> None:
        assert all(item in self.bloom for item in self.model)


@kata("counting", "property")
def test_removes_never_cause_false_negatives() -> None:
    """Under any adds and removes of added items, every item still added is found."""
    run_state_machine_as_test(
        CountingModel, settings=settings(max_examples=25, stateful_step_count=25)
    )
