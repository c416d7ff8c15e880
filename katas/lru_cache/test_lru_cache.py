"""Hidden-style tests for the LRU cache kata."""

from __future__ import annotations

import functools
import gc
import itertools
import weakref
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from grading.solution import load_solution
from grading.testkit import growth_ratio, run_threads
from grading.testkit.markers import kata

solution = load_solution("lru_cache")


def held(cache: object, keys: object) -> list[object]:
    """The keys among `keys` that the cache still holds (this refreshes them, in that order)."""
    missing = object()
    return [k for k in keys if cache.get(k, missing) is not missing]  # type: ignore[attr-defined]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_get_returns_what_was_put() -> None:
    """get() returns the value put under the key."""
    cache = solution.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert (cache.get("a"), cache.get("b")) == (1, 2)


@kata("core", "example")
def test_missing_key_gives_the_default() -> None:
    """get() of a key never put returns None, or the default given."""
    cache = solution.LRUCache(2)
    cache.put("a", 1)
    assert cache.get("zzz") is None
    assert cache.get("zzz", -1) == -1


@kata("core", "example")
def test_full_cache_evicts_the_least_recently_used() -> None:
    """A put into a full cache drops the entry used longest ago, and keeps the others."""
    cache = solution.LRUCache(3)
    for key in "abc":
        cache.put(key, key.upper())
    cache.put("d", "D")
    assert cache.get("a") is None
    assert [cache.get(k) for k in "bcd"] == ["B", "C", "D"]


@kata("core", "example")
def test_eviction_follows_the_order_of_use() -> None:
    """Repeated puts evict entries in the order they were last used."""
    cache = solution.LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    assert cache.get(1) == 1
    cache.put(3, 3)
    assert cache.get(2) is None
    cache.put(4, 4)
    assert cache.get(1) is None
    assert (cache.get(3), cache.get(4)) == (3, 4)


@kata("core", "edge")
def test_get_refreshes_recency() -> None:
    """get() makes an entry the most recently used, so it survives the next eviction."""
    cache = solution.LRUCache(3)
    for key in "abc":
        cache.put(key, 0)
    cache.get("a")
    cache.put("d", 0)
    assert held(cache, "abcd") == ["a", "c", "d"]


@kata("core", "edge")
def test_update_refreshes_recency() -> None:
    """put() on an existing key makes it the most recently used: it survives the next eviction."""
    cache = solution.LRUCache(3)
    for key in "abc":
        cache.put(key, 0)
    cache.put("a", 1)
    cache.put("d", 0)
    assert held(cache, "abcd") == ["a", "c", "d"]
    assert cache.get("a") == 1


@kata("core", "edge")
def test_update_replaces_the_value_without_growing() -> None:
    """put() on an existing key replaces its value, adds no entry and evicts nothing."""
    cache = solution.LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("b", 3)
    cache.put("a", 4)
    assert len(cache) == 2
    assert (cache.get("a"), cache.get("b")) == (4, 3)


@kata("core", "edge")
@pytest.mark.parametrize("capacity", [1, 2, 5])
def test_holds_exactly_capacity_entries(capacity: int) -> None:
    """A cache of capacity n holds n entries: no fewer, no more."""
    cache = solution.LRUCache(capacity)
    for i in range(capacity):
        cache.put(i, i)
    assert len(cache) == capacity
    assert held(cache, range(capacity)) == list(range(capacity))
    cache.put("extra", 0)
    assert len(cache) == capacity
    assert held(cache, range(capacity)) == list(range(1, capacity))


@kata("core", "edge")
def test_update_in_a_full_cache_evicts_nothing() -> None:
    """put() on a key already held, in a full cache, keeps every other entry."""
    cache = solution.LRUCache(3)
    for key in "abc":
        cache.put(key, 0)
    for key in "cab":
        cache.put(key, 1)
        assert len(cache) == 3
        assert held(cache, "abc") == ["a", "b", "c"]


@kata("core", "edge")
def test_falsy_values_are_hits() -> None:
    """Stored values that are falsy (0, empty string, None) are returned, not the default."""
    cache = solution.LRUCache(3)
    cache.put("zero", 0)
    cache.put("empty", "")
    cache.put("none", None)
    assert cache.get("zero", -1) == 0
    assert cache.get("empty", -1) == ""
    assert cache.get("none", -1) is None


@kata("core", "edge")
def test_evicted_key_can_come_back() -> None:
    """A key that was evicted can be put again and is then held like any new key."""
    cache = solution.LRUCache(1)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 3)
    assert (cache.get("a"), cache.get("b"), len(cache)) == (3, None, 1)


@kata("core", "edge")
@pytest.mark.parametrize("capacity", [0, -1])
def test_capacity_below_one_is_rejected(capacity: int) -> None:
    """A capacity below 1 is a ValueError."""
    with pytest.raises(ValueError):
        solution.LRUCache(capacity)


class LRUMachine(RuleBasedStateMachine):
    """The cache against a plain list of keys, least recently used first."""

    def __init__(self) -> None:
        super().__init__()
        self.capacity = 2
        self.cache = solution.LRUCache(self.capacity)
        self.order: list[int] = []
        self.values: dict[int, int] = {}

    def _use(self, key: int) -> None:
        if key in self.order:
            self.order.remove(key)
        self.order.append(key)

    @rule(key=st.integers(0, 3), value=st.integers(0, 9))
    def put(self, key: int, value: int) -> None:
        self.cache.put(key, value)
        self._use(key)
        self.values[key] = value
        if len(self.order) > self.capacity:
            del self.values[self.order.pop(0)]

    @rule(key=st.integers(0, 3))
    def get(self, key: int) -> None:
        expected = self.values.get(key)
        if key in self.values:
            self._use(key)
        assert self.cache.get(key) == expected

    @invariant()
    def same_size(self) -> None:
        assert len(self.cache) == len(self.order)


@kata("core", "property")
def test_agrees_with_a_simple_model() -> None:
    """Any sequence of get and put agrees with a list of keys kept in order of use."""
    run_state_machine_as_test(
        LRUMachine, settings=settings(max_examples=30, stateful_step_count=20, deadline=None)
    )


@kata("core", "property")
@settings(max_examples=60)
@given(
    capacity=st.integers(2, 3),
    ops=st.lists(st.tuples(st.booleans(), st.integers(0, 3)), min_size=6, max_size=30),
)
def test_keeps_the_keys_used_most_recently(capacity: int, ops: list[tuple[bool, int]]) -> None:
    """After any mix of puts and gets, the cache holds the `capacity` keys used most recently."""
    cache = solution.LRUCache(capacity)
    last_use: dict[int, int] = {}
    for step, (is_put, key) in enumerate(ops):
        if is_put:
            cache.put(key, step)
            last_use[key] = step
        elif key in last_use:
            assert cache.get(key) is not None
            last_use[key] = step
        newest = sorted(last_use, key=last_use.__getitem__)[-capacity:]
        last_use = {k: last_use[k] for k in newest}
    assert sorted(held(cache, range(4))) == sorted(last_use)


# --- constant_time --------------------------------------------------------------------------


def _filled(n: int) -> object:
    cache = solution.LRUCache(n)
    for i in range(n):
        cache.put(i, i)
    return cache


@functools.cache
def _filled_for_reads(n: int) -> object:
    """A full cache shared by the tests that only get and count (its keys and size never change)."""
    return _filled(n)


@kata("constant_time", "perf")
def test_put_that_evicts_does_not_slow_with_capacity() -> None:
    """Puts of new keys into a full cache cost the same at capacity 1e3 and 1e5."""

    def prepare(n: int) -> Callable[[], object]:
        cache = _filled(n)
        keys = itertools.count(n)

        def batch() -> None:
            for _ in range(20):  # few: an O(n) eviction must fail fast, not time out
                key = next(keys)
                cache.put(key, key)  # type: ignore[attr-defined]

        return batch

    assert growth_ratio(prepare, 1_000, 100_000) < 4


@kata("constant_time", "perf")
def test_get_does_not_slow_with_capacity() -> None:
    """Gets of keys anywhere in the recency order cost the same at capacity 1e3 and 1e5."""

    def prepare(n: int) -> Callable[[], object]:
        cache = _filled_for_reads(n)
        keys = itertools.cycle(range(0, n, max(1, n // 97)))

        def batch() -> None:
            for _ in range(100):
                cache.get(next(keys))  # type: ignore[attr-defined]

        return batch

    assert growth_ratio(prepare, 1_000, 100_000) < 4


@kata("constant_time", "perf")
def test_len_does_not_slow_with_capacity() -> None:
    """len() costs the same at capacity 1e3 and 1e5."""

    def prepare(n: int) -> Callable[[], object]:
        cache = _filled_for_reads(n)

        def batch() -> None:
            for _ in range(10):  # few: an O(n) count must fail fast, not time out
                len(cache)  # type: ignore[arg-type]

        return batch

    assert growth_ratio(prepare, 1_000, 100_000) < 4


class CountingKey:
    """A key that counts the hashes and comparisons made on it: a scan over n keys costs n."""

    def __init__(self, n: int, counter: list[int]) -> None:
        self.n = n
        self.counter = counter

    def __hash__(self) -> int:
        self.counter[0] += 1
        return hash(self.n)

    def __eq__(self, other: object) -> bool:
        self.counter[0] += 1
        return isinstance(other, CountingKey) and self.n == other.n


@kata("constant_time", "perf")
def test_get_and_put_touch_a_bounded_number_of_keys() -> None:
    """get() and put() hash and compare a few keys per call, not a number growing with the size."""
    counter = [0]
    size = 2_000
    cache = solution.LRUCache(size)
    for i in range(size):
        cache.put(CountingKey(i, counter), i)
    counter[0] = 0
    calls = 0
    # Fresh but equal key objects, so a lookup must compare as well as hash.
    for i in range(0, size, 40):
        assert cache.get(CountingKey(i, counter)) == i
        cache.put(CountingKey(i + 1, counter), -i)
        cache.put(CountingKey(size + i, counter), i)  # a new key: evicts
        calls += 3
    assert counter[0] <= 8 * calls


@kata("constant_time", "perf")
def test_evicted_entries_are_released() -> None:
    """Memory stays O(capacity): the cache keeps no reference to evicted keys or values."""

    class Blob:
        pass

    cache = solution.LRUCache(3)
    refs = []
    for _ in range(30):
        key, value = Blob(), Blob()
        refs += [weakref.ref(key), weakref.ref(value)]
        cache.put(key, value)
        del key, value
    gc.collect()
    assert sum(ref() is not None for ref in refs) == 6
    assert len(cache) == 3


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_concurrent_puts_keep_exactly_capacity() -> None:
    """Threads putting distinct keys leave exactly `capacity` entries, each with its own value."""
    cache = solution.LRUCache(3)
    run_threads(3, lambda i: [cache.put((i, j), (i, j)) for j in range(3)])
    keys = [(i, j) for i in range(3) for j in range(3)]
    kept = held(cache, keys)
    assert len(cache) == 3
    assert len(kept) == 3
    assert all(cache.get(key) == key for key in kept)


@kata("thread_safe", "concurrency")
def test_concurrent_gets_and_puts_keep_the_cache_consistent() -> None:
    """Threads mixing gets and puts on shared keys raise nothing and leave a working cache."""
    cache = solution.LRUCache(3)
    for key in range(3):
        cache.put(key, key)

    def work(i: int) -> None:
        for j in range(6):
            key = (i + j) % 5
            if (i + j) % 2:
                cache.put(key, key)
            else:
                assert cache.get(key) in (None, key)

    run_threads(3, work)
    assert len(cache) <= 3
    for key in range(100, 103):
        cache.put(key, key)
    assert len(cache) == 3
    assert held(cache, range(100, 103)) == [100, 101, 102]


@kata("thread_safe", "concurrency")
def test_concurrent_gets_of_one_key_keep_the_order_intact() -> None:
    """Threads getting the same few keys at once leave the recency order intact."""
    cache = solution.LRUCache(3)
    for key in "abc":
        cache.put(key, key)
    run_threads(3, lambda i: [cache.get("abc"[(i + j) % 2]) for j in range(4)])
    cache.put("d", "d")
    cache.put("e", "e")
    cache.put("f", "f")
    assert len(cache) == 3
    assert held(cache, "abcdef") == ["d", "e", "f"]


@kata("thread_safe", "concurrency")
def test_readers_see_at_most_capacity_and_only_the_value_of_their_key() -> None:
    """While others put, len() never exceeds capacity and get() returns only its own key's value."""
    cache = solution.LRUCache(2)
    cache.put(0, ("value", 0))
    cache.put(1, ("value", 1))

    def work(i: int) -> None:
        if i < 2:  # two writers: every put into the full cache evicts
            for j in range(4):
                key = 10 * (i + 1) + j
                cache.put(key, ("value", key))
            return
        for key in [0, 1, 10, 20, 11, 21, 12, 22, 13, 23]:
            for _ in range(6):  # len() is cheap: sample it often while the writers work
                assert len(cache) <= 2
            assert cache.get(key) in (None, ("value", key))

    run_threads(3, work)
    assert len(cache) == 2
