"""Hidden-style tests for the LRU cache with TTL kata."""

from __future__ import annotations

import gc
import itertools
import threading
import weakref
from collections.abc import Callable

import pytest
from freezegun import freeze_time
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from grading.solution import load_solution
from grading.testkit import FakeClock, growth_ratio, peak_memory, run_threads
from grading.testkit.markers import kata
from grading.testkit.waiting import scheduled, spawn

solution = load_solution("ttl_lru_cache")


def held(cache: object, keys: object) -> list[object]:
    """The keys among `keys` that the cache still holds (this refreshes them, in that order)."""
    missing = object()
    return [k for k in keys if cache.get(k, missing) is not missing]  # type: ignore[attr-defined]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_get_returns_a_live_value(clock: FakeClock) -> None:
    """get() returns the value put under the key while it is live, and the default otherwise."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("a", 1)
    assert cache.get("a") == 1
    assert cache.get("b") is None
    assert cache.get("b", -1) == -1


@kata("core", "example")
def test_full_cache_evicts_the_least_recently_used(clock: FakeClock) -> None:
    """With nothing expired, a put into a full cache drops the least recently used entry."""
    cache = solution.TTLCache(2, 60, clock=clock)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.get("a")
    cache.put("c", 3)
    assert held(cache, "abc") == ["a", "c"]


@kata("core", "clock")
def test_entry_expires_after_the_default_ttl(clock: FakeClock) -> None:
    """An entry is a hit before its default TTL has passed and a miss after it."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("a", 1)
    clock.advance(9)
    assert cache.get("a") == 1
    clock.advance(2)
    assert cache.get("a") is None


@kata("core", "clock")
def test_entry_is_a_miss_at_the_exact_expiry_instant(clock: FakeClock) -> None:
    """At now == expires_at the entry has expired."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("a", 1)
    clock.advance(9.5)
    assert cache.get("a") == 1
    clock.advance(0.5)
    assert cache.get("a") is None


@kata("core", "clock")
def test_ttl_given_to_put_overrides_the_default(clock: FakeClock) -> None:
    """put(ttl=...) sets that entry's TTL, shorter or longer than the default."""
    cache = solution.TTLCache(3, 10, clock=clock)
    cache.put("short", 1, ttl=2)
    cache.put("long", 2, ttl=30)
    cache.put("default", 3)
    clock.advance(2)
    assert held(cache, ["short", "long", "default"]) == ["long", "default"]
    clock.advance(8)
    assert held(cache, ["short", "long", "default"]) == ["long"]


@kata("core", "clock")
def test_get_does_not_extend_the_ttl(clock: FakeClock) -> None:
    """Reading an entry refreshes its recency but not its expiry."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("a", 1)
    for _ in range(9):
        clock.advance(1)
        assert cache.get("a") == 1
    clock.advance(1)
    assert cache.get("a") is None


@kata("core", "clock")
def test_put_on_an_existing_key_resets_its_ttl(clock: FakeClock) -> None:
    """A put on an existing key stores the new value with a new expiry."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("a", 1)
    clock.advance(8)
    cache.put("a", 2)
    clock.advance(8)
    assert cache.get("a") == 2
    clock.advance(2)
    assert cache.get("a") is None


@kata("core", "clock")
def test_a_shorter_ttl_on_update_replaces_a_longer_one(clock: FakeClock) -> None:
    """Re-putting a key with a shorter TTL makes it expire at the new, earlier time."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("a", 1, ttl=100)
    cache.put("a", 2, ttl=1)
    clock.advance(1)
    assert cache.get("a") is None
    assert len(cache) == 0


@kata("core", "clock")
def test_default_clock_is_monotonic(system_clocks: tuple[FakeClock, FakeClock]) -> None:
    """Without a clock argument expiry follows time.monotonic: a wall-clock step changes nothing."""
    wall, monotonic = system_clocks
    cache = solution.TTLCache(2, 10)
    cache.put("a", 1)
    wall.advance(3_600)
    assert cache.get("a") == 1
    monotonic.advance(10)
    assert cache.get("a") is None


@kata("core", "clock")
def test_default_clock_follows_frozen_time() -> None:
    """Without a clock argument the cache reads time.monotonic (driven here by freezegun)."""
    with freeze_time("2026-01-01 00:00:00") as frozen:
        cache = solution.TTLCache(2, 5)
        cache.put("a", 1)
        frozen.tick(4.0)
        assert cache.get("a") == 1
        frozen.tick(1.0)
        assert cache.get("a") is None


@kata("core", "edge")
def test_expired_key_can_be_put_again(clock: FakeClock) -> None:
    """A key whose entry expired is stored afresh by the next put, with a full TTL."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("a", 1)
    clock.advance(10)
    cache.put("a", 2)
    clock.advance(9)
    assert cache.get("a") == 2


@kata("core", "edge")
def test_falsy_values_are_hits(clock: FakeClock) -> None:
    """Stored values that are falsy (0, None) are returned, not the default."""
    cache = solution.TTLCache(2, 10, clock=clock)
    cache.put("zero", 0)
    cache.put("none", None)
    assert cache.get("zero", -1) == 0
    assert cache.get("none", -1) is None


@kata("core", "edge")
@pytest.mark.parametrize(("capacity", "default_ttl"), [(0, 10), (-1, 10), (2, 0), (2, -1)])
def test_bad_settings_are_rejected(capacity: int, default_ttl: float) -> None:
    """A capacity below 1 or a default TTL that is not positive is a ValueError."""
    with pytest.raises(ValueError):
        solution.TTLCache(capacity, default_ttl, clock=FakeClock())


@kata("core", "edge")
def test_a_cache_of_one_entry(clock: FakeClock) -> None:
    """capacity=1 is valid: the cache holds one entry, and each new key replaces the last."""
    cache = solution.TTLCache(1, 10, clock=clock)
    cache.put("a", 1)
    cache.put("b", 2)
    assert held(cache, "ab") == ["b"]
    assert len(cache) == 1
    cache.put("b", 3)
    assert cache.get("b") == 3


@kata("core", "edge")
@pytest.mark.parametrize("ttl", [0, -5])
def test_put_with_a_ttl_that_is_not_positive_is_rejected(ttl: float, clock: FakeClock) -> None:
    """put() with a TTL that is not positive is a ValueError and stores nothing."""
    cache = solution.TTLCache(2, 10, clock=clock)
    with pytest.raises(ValueError):
        cache.put("a", 1, ttl=ttl)
    assert cache.get("a") is None


class TTLMachine(RuleBasedStateMachine):
    """The cache against a dict of key -> (value, expires_at, last use), purged at every step."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock()
        self.cache = solution.TTLCache(3, 2, clock=self.clock)
        self.model: dict[int, tuple[int, float, int]] = {}
        self.steps = itertools.count()

    def _purge(self) -> None:
        now = self.clock()
        self.model = {k: e for k, e in self.model.items() if e[1] > now}

    @rule(key=st.integers(0, 4), value=st.integers(0, 9), ttl=st.sampled_from([None, 1, 3]))
    def put(self, key: int, value: int, ttl: int | None) -> None:
        self.cache.put(key, value, ttl=ttl)
        self._purge()
        self.model[key] = (value, self.clock() + (2 if ttl is None else ttl), next(self.steps))
        if len(self.model) > 3:
            del self.model[min(self.model, key=lambda k: self.model[k][2])]

    @rule(key=st.integers(0, 4))
    def get(self, key: int) -> None:
        self._purge()
        entry = self.model.get(key)
        if entry is not None:
            self.model[key] = (entry[0], entry[1], next(self.steps))
        assert self.cache.get(key) == (entry[0] if entry else None)

    @rule(seconds=st.sampled_from([0.5, 1, 2]))
    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @invariant()
    def counts_live_entries(self) -> None:
        self._purge()
        assert len(self.cache) == len(self.model)


@kata("core", "property")
def test_agrees_with_a_simple_model() -> None:
    """Any sequence of put, get and time passing agrees with a dict purged of expired entries."""
    run_state_machine_as_test(
        TTLMachine, settings=settings(max_examples=25, stateful_step_count=20, deadline=None)
    )


# --- expiry ---------------------------------------------------------------------------------


@kata("expiry", "clock")
def test_full_cache_drops_an_expired_entry_before_a_live_one(clock: FakeClock) -> None:
    """When full, a put drops an expired entry even if a live one was used less recently."""
    cache = solution.TTLCache(2, 100, clock=clock)
    cache.put("live", 1)
    cache.put("short", 2, ttl=5)
    clock.advance(5)
    cache.put("new", 3)
    assert held(cache, ["live", "short", "new"]) == ["live", "new"]


@kata("expiry", "clock")
def test_all_expired_entries_make_room(clock: FakeClock) -> None:
    """Several expired entries free several slots: no live entry is dropped while they exist."""
    cache = solution.TTLCache(3, 100, clock=clock)
    cache.put("live", 0)
    cache.put("x", 0, ttl=1)
    cache.put("y", 0, ttl=1)
    cache.get("x")
    cache.get("y")
    clock.advance(1)
    cache.put("n1", 1)
    cache.put("n2", 2)
    assert held(cache, ["live", "n1", "n2"]) == ["live", "n1", "n2"]
    assert len(cache) == 3


@kata("expiry", "clock")
def test_len_counts_live_entries_only(clock: FakeClock) -> None:
    """len() drops as entries expire, without anyone reading them."""
    cache = solution.TTLCache(5, 10, clock=clock)
    cache.put("a", 1, ttl=1)
    cache.put("b", 2, ttl=2)
    cache.put("c", 3, ttl=3)
    assert len(cache) == 3
    clock.advance(1)
    assert len(cache) == 2
    clock.advance(1.5)
    assert len(cache) == 1
    clock.advance(10)
    assert len(cache) == 0


@kata("expiry", "clock")
def test_entries_expiring_at_the_same_instant_all_go(clock: FakeClock) -> None:
    """Entries that expire at the same instant are all gone from len() and get() at that instant."""
    cache = solution.TTLCache(5, 10, clock=clock)
    for key in "abc":
        cache.put(key, 0, ttl=2)
    cache.put("live", 0, ttl=5)
    for key in "de":
        cache.put(key, 0, ttl=3)
    clock.advance(2)
    assert len(cache) == 3
    clock.advance(1)
    assert len(cache) == 1
    assert held(cache, ["a", "b", "c", "d", "e", "live"]) == ["live"]


@kata("expiry", "perf")
def test_expired_entries_do_not_stay_in_memory() -> None:
    """Entries that expire unread are removed: memory follows live entries, not entries ever put."""

    def churn(rounds: int) -> Callable[[], object]:
        def run() -> None:
            clock = FakeClock()
            cache = solution.TTLCache(100_000, 1, clock=clock)
            for r in range(rounds):
                for i in range(200):
                    cache.put(r * 1_000 + i, i)
                clock.advance(2)
            cache.put("last", 0)

        return run

    one_round = peak_memory(churn(1))
    assert peak_memory(churn(20)) < 4 * one_round


def _full_cache(n: int) -> tuple[FakeClock, object]:
    """A full cache of n entries whose expiries are spread over the next 100 s, from 1 000 s on."""
    clock = FakeClock()
    cache = solution.TTLCache(n, 1_000, clock=clock)
    for i in range(n):
        cache.put(i, i, ttl=1_000 + i % 97)
    return clock, cache


@kata("expiry", "perf")
def test_get_and_put_do_not_slow_with_size() -> None:
    """get and put cost the same with 500 and 50 000 entries held, time passing between calls."""

    def prepare(n: int) -> Callable[[], object]:
        clock, cache = _full_cache(n)
        keys = itertools.count(n)

        def batch() -> None:
            for _ in range(20):  # few: an O(n) scan per call must fail fast, not time out
                key = next(keys)
                clock.advance(1)  # a second between calls: a periodic sweep would run each time
                cache.put(key, key)  # type: ignore[attr-defined]
                cache.get(key - n // 2)  # type: ignore[attr-defined]

        return batch

    assert growth_ratio(prepare, 500, 50_000) < 4


@kata("expiry", "perf")
def test_len_does_not_slow_with_size() -> None:
    """len() costs the same with 500 and 50 000 entries held."""

    def prepare(n: int) -> Callable[[], object]:
        clock, cache = _full_cache(n)

        def batch() -> None:
            for _ in range(10):  # few: an O(n) count must fail fast, not time out
                clock.advance(1)
                len(cache)  # type: ignore[arg-type]

        return batch

    assert growth_ratio(prepare, 500, 50_000) < 4


@kata("expiry", "perf")
def test_updates_keep_memory_bounded_by_capacity() -> None:
    """Re-putting the same few keys over and over keeps memory O(capacity), not O(puts)."""

    def churn(puts: int) -> Callable[[], object]:
        def run() -> None:
            cache = solution.TTLCache(10, 1_000, clock=FakeClock())
            for i in range(puts):
                cache.put(i % 10, i, ttl=1_000 + i % 7)

        return run

    few = peak_memory(churn(500))
    assert peak_memory(churn(5_000)) < 3 * few


@kata("expiry", "perf")
def test_evicted_entries_are_released(clock: FakeClock) -> None:
    """The cache keeps no reference to evicted keys or values: memory stays O(capacity)."""

    class Blob:
        pass

    cache = solution.TTLCache(10, 1_000, clock=clock)
    refs = []
    for i in range(2_000):
        key, value = Blob(), Blob()
        refs += [weakref.ref(key), weakref.ref(value)]
        cache.put(key, value, ttl=1_000 + i % 7)
        del key, value
    gc.collect()
    # 20 are held; a structure with stale items may keep some more, but O(capacity) of them.
    assert sum(ref() is not None for ref in refs) <= 20 * 10
    assert len(cache) == 10


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_concurrent_puts_keep_exactly_capacity(clock: FakeClock) -> None:
    """Threads putting distinct keys leave exactly `capacity` entries, each with its own value."""
    cache = solution.TTLCache(3, 60, clock=clock)
    run_threads(3, lambda i: [cache.put((i, j), (i, j)) for j in range(3)])
    kept = held(cache, [(i, j) for i in range(3) for j in range(3)])
    assert len(cache) == 3
    assert len(kept) == 3
    assert all(cache.get(key) == key for key in kept)


@kata("thread_safe", "concurrency")
def test_mixed_gets_puts_and_expiry_keep_the_cache_consistent(clock: FakeClock) -> None:
    """Threads mixing gets and puts while entries expire raise nothing and leave a working cache."""
    cache = solution.TTLCache(3, 2, clock=clock)

    def work(i: int) -> None:
        for j in range(6):
            key = (i + j) % 5
            if i == 0:
                clock.advance(0.5)
            if (i + j) % 2:
                cache.put(key, key, ttl=1 + j % 3)
            else:
                assert cache.get(key) in (None, key)
            assert len(cache) <= 3

    run_threads(3, work)
    for key in range(100, 103):  # no time passes: these push out every older entry
        cache.put(key, key)
    assert held(cache, range(100, 103)) == [100, 101, 102]
    assert len(cache) == 3
    clock.advance(10)
    assert len(cache) == 0


@kata("thread_safe", "concurrency")
def test_concurrent_gets_keep_the_order_intact(clock: FakeClock) -> None:
    """Threads getting the same few live keys at once leave the recency order intact."""
    cache = solution.TTLCache(3, 60, clock=clock)
    for key in "abc":
        cache.put(key, key)
    run_threads(3, lambda i: [cache.get("abc"[(i + j) % 3]) for j in range(4)])
    for key in "def":  # no time passes: these push out every older entry
        cache.put(key, key)
    assert len(cache) == 3
    assert held(cache, "abcdef") == ["d", "e", "f"]


@kata("thread_safe", "concurrency")
def test_readers_racing_expiry_see_only_live_values_of_their_key(clock: FakeClock) -> None:
    """While others put and entries expire, get() gives its own key's value, len() <= capacity."""
    cache = solution.TTLCache(3, 100, clock=clock)
    cache.put(0, ("value", 0))  # two long-lived keys that the readers keep hitting
    cache.put(1, ("value", 1))

    def work(i: int) -> None:
        if i == 0:  # the writer: short-lived keys, so calls purge and puts evict meanwhile
            for j in range(6):
                cache.put(2 + j % 2, ("value", 2 + j % 2), ttl=1)
                clock.advance(0.5)
            return
        for j in range(10):  # two readers
            key = (i + j) % 4
            assert cache.get(key) in (None, ("value", key))
            assert len(cache) <= 3

    run_threads(3, work)
    # With no time passing, three fresh puts must push out every older entry: a recency list
    # broken by the race evicts the wrong ones.
    for key in range(100, 103):
        cache.put(key, key)
    assert held(cache, range(100, 103)) == [100, 101, 102]
    assert len(cache) == 3
    clock.advance(100)
    assert len(cache) == 0


# --- striped --------------------------------------------------------------------------------


class StallingClock(FakeClock):
    """A FakeClock whose reads from one chosen thread wait until the test releases them."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled: int | None = None
        self.reading = threading.Event()
        self.release = threading.Event()

    def __call__(self) -> float:
        if threading.get_ident() == self.stalled:
            self.reading.set()
            self.release.wait(2)
        return super().__call__()

    def stall_this_thread(self) -> None:
        self.stalled = threading.get_ident()


@kata("striped", "example")
def test_striped_cache_stores_and_expires_like_one_cache(clock: FakeClock) -> None:
    """A striped cache answers get and put like a TTLCache, whatever stripe a key lands in."""
    cache = solution.StripedTTLCache(8, 10, stripes=4, clock=clock)
    for key in range(8):
        cache.put(key, key * 10, ttl=5 if key % 2 else None)
    assert [cache.get(k) for k in range(8)] == [k * 10 for k in range(8)]
    clock.advance(5)
    assert held(cache, range(8)) == [0, 2, 4, 6]
    assert len(cache) == 4


@kata("striped", "edge")
def test_stripes_have_their_own_capacity_and_order(clock: FakeClock) -> None:
    """Each stripe holds capacity // stripes keys and evicts its own LRU, never another's keys."""
    cache = solution.StripedTTLCache(4, 60, stripes=2, clock=clock)
    for key in (1, 3, 0, 2):
        cache.put(key, key)
    cache.put(4, 4)
    assert held(cache, range(5)) == [1, 2, 3, 4]
    assert len(cache) == 4


@kata("striped", "edge")
def test_one_stripe_or_one_key_per_stripe_are_valid(clock: FakeClock) -> None:
    """stripes may be 1 (one LRU cache) or equal to the capacity (one key per stripe)."""
    single = solution.StripedTTLCache(3, 60, stripes=1, clock=clock)
    for key in (0, 1, 2):
        single.put(key, key)
    single.get(0)
    single.put(3, 3)
    assert held(single, range(4)) == [0, 2, 3]
    per_key = solution.StripedTTLCache(4, 60, stripes=4, clock=clock)
    for key in range(4):
        per_key.put(key, key)
    per_key.put(4, 4)  # the stripe of key 0, which holds one key
    assert held(per_key, range(5)) == [1, 2, 3, 4]
    assert len(per_key) == 4


@kata("striped", "edge")
def test_eight_stripes_by_default(clock: FakeClock) -> None:
    """Without a stripes argument there are 8 stripes, so the capacity must be at least 8."""
    cache = solution.StripedTTLCache(16, 60, clock=clock)
    for key in range(16):
        cache.put(key, key)
    cache.put(16, 16)  # the stripe of keys 0 and 8, which holds two keys
    assert held(cache, range(17)) == list(range(1, 17))
    assert len(solution.StripedTTLCache(8, 60, clock=clock)) == 0
    with pytest.raises(ValueError):
        solution.StripedTTLCache(7, 60, clock=clock)


@kata("striped", "edge")
@pytest.mark.parametrize(("capacity", "stripes"), [(8, 0), (3, 4), (8, -2)])
def test_bad_stripe_counts_are_rejected(capacity: int, stripes: int) -> None:
    """A stripe count below 1 or above the capacity is a ValueError."""
    with pytest.raises(ValueError):
        solution.StripedTTLCache(capacity, 10, stripes=stripes, clock=FakeClock())


@kata("striped", "concurrency")
@scheduled
def test_a_stalled_stripe_does_not_block_the_others() -> None:
    """While one call is stuck inside its stripe, a call on another stripe completes."""
    clock = StallingClock()
    cache = solution.StripedTTLCache(8, 60, stripes=2, clock=clock)

    def stuck_put() -> None:
        clock.stall_this_thread()
        cache.put(0, "zero")

    stuck = spawn(stuck_put, "stuck-on-stripe-0")
    try:
        assert clock.reading.wait(1), "the put never read the clock"
        other = spawn(lambda: cache.put(1, "one"), "stripe-1")
        assert other.finished(1.0), "a put on stripe 1 waited for a call on stripe 0"
        assert cache.get(1) == "one"
    finally:
        clock.release.set()
    stuck.result()
    assert cache.get(0) == "zero"


@kata("striped", "concurrency")
def test_striped_cache_under_many_threads(clock: FakeClock) -> None:
    """Threads mixing gets and puts over all stripes raise nothing and never exceed capacity."""
    cache = solution.StripedTTLCache(8, 60, stripes=4, clock=clock)

    def work(i: int) -> None:
        for j in range(6):
            key = (i * 3 + j) % 13
            cache.put(key, key)
            assert cache.get(key) in (None, key)
            assert len(cache) <= 8

    run_threads(4, work)
    assert len(cache) == 8
    assert all(cache.get(k) in (None, k) for k in range(13))
