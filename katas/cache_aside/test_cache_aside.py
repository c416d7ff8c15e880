"""Hidden-style tests for the cache-aside kata."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import run_threads
from grading.testkit.markers import kata
from grading.testkit.redis_backend import RedisBackend
from grading.testkit.redis_faults import Send, die_after, intercept

solution = load_solution("cache_aside")


class StoreDown(Exception):
    """The database timed out."""


class SlowStore:
    """The source of truth: counts loads, fails on demand, and can hold one load or save."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data = dict(data or {})
        self.loads = 0
        self.failing = False
        self.hold_load: tuple[threading.Event, threading.Event] | None = None
        self.hold_save: tuple[threading.Event, threading.Event] | None = None

    def load(self, key: str) -> Any:
        self.loads += 1
        if self.failing:
            raise StoreDown(key)
        value = self.data[key]
        hold, self.hold_load = self.hold_load, None
        if hold:  # the value is read; the caller gets it only once released
            hold[0].set()
            hold[1].wait(1.0)
        return value

    def save(self, key: str, value: Any) -> None:
        self.data[key] = value
        hold, self.hold_save = self.hold_save, None
        if hold:
            hold[0].set()
            hold[1].wait(1.0)


def make(backend: RedisBackend, store: SlowStore, ttl: float = 100.0, **kw: Any) -> Any:
    """A cache-aside instance on a new connection: one simulated process."""
    client = backend.client()
    # Connect now, from this thread: fakeredis creates a server's database on first use without
    # its lock, so first connections racing from threads can each get a database of their own.
    client.ping()
    return solution.CacheAside(client, store, ttl=ttl, **kw)


def ttls_ms(backend: RedisBackend) -> list[int]:
    client = backend.client()
    return sorted(client.pttl(key) for key in client.keys("*"))


def values(*items: float) -> Any:
    return iter(items).__next__


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_a_miss_loads_once_then_hits(redis_backend: RedisBackend) -> None:
    """The first get loads from the store; the next ones are served from the cache."""
    store = SlowStore({"user:1": {"name": "Ada"}})
    cache = make(redis_backend, store)
    assert [cache.get("user:1") for _ in range(3)] == [{"name": "Ada"}] * 3
    assert store.loads == 1


@kata("core", "example")
@pytest.mark.parametrize("value", [{"a": [1, 2.5, "x"]}, ["a", None], "text", 42, True])
def test_values_survive_the_round_trip(redis_backend: RedisBackend, value: Any) -> None:
    """A JSON value read back from the cache equals the one the store gave."""
    store = SlowStore({"k": value})
    cache = make(redis_backend, store)
    assert cache.get("k") == value
    assert cache.get("k") == value
    assert store.loads == 1


@kata("core", "example")
def test_a_write_is_seen_by_the_next_read(redis_backend: RedisBackend) -> None:
    """put() writes the store and the next get returns the new value, not the cached one."""
    store = SlowStore({"k": "old"})
    cache = make(redis_backend, store)
    assert cache.get("k") == "old"
    cache.put("k", "new")
    assert store.data["k"] == "new"
    assert cache.get("k") == "new"


@kata("core", "example")
def test_invalidate_forces_a_reload(redis_backend: RedisBackend) -> None:
    """After invalidate(key) the next get goes to the store again."""
    store = SlowStore({"k": 1})
    cache = make(redis_backend, store)
    cache.get("k")
    store.data["k"] = 2
    cache.invalidate("k")
    assert cache.get("k") == 2
    assert store.loads == 2


@kata("core", "example")
def test_processes_share_the_cache_and_its_invalidations(redis_backend: RedisBackend) -> None:
    """Two instances on separate connections share entries, and one's write invalidates both."""
    store = SlowStore({"k": "v1"})
    a, b = make(redis_backend, store), make(redis_backend, store)
    assert a.get("k") == "v1"
    assert b.get("k") == "v1"
    assert store.loads == 1
    a.put("k", "v2")
    assert b.get("k") == "v2"


@kata("core", "edge")
@pytest.mark.parametrize("value", [0, "", [], {}, None, False])
def test_falsy_values_are_hits(redis_backend: RedisBackend, value: Any) -> None:
    """A cached 0, "", [], {}, null or false is a hit, not a miss."""
    store = SlowStore({"k": value})
    cache = make(redis_backend, store)
    assert cache.get("k") == value
    assert cache.get("k") == value
    assert store.loads == 1


@kata("core", "edge")
@pytest.mark.parametrize(("ttl", "jitter"), [(0, 0.1), (-1, 0.1), (10, -0.1), (10, 1.0)])
def test_bad_settings_are_rejected(redis_backend: RedisBackend, ttl: float, jitter: float) -> None:
    """A ttl that is not positive, or a jitter outside [0, 1), is a ValueError."""
    with pytest.raises(ValueError):
        solution.CacheAside(redis_backend.client(), SlowStore(), ttl=ttl, jitter=jitter)


@kata("core", "edge")
def test_every_key_written_expires(redis_backend: RedisBackend) -> None:
    """Every key the cache writes, entries and any bookkeeping, has a TTL."""
    store = SlowStore({"a": 1, "b": 2})
    cache = make(redis_backend, store)
    cache.get("a")
    cache.put("b", 3)
    cache.get("b")
    found = ttls_ms(redis_backend)
    assert found
    assert all(ttl > 0 for ttl in found)


@kata("core", "example")
def test_the_prefix_names_every_key_and_keeps_caches_apart(redis_backend: RedisBackend) -> None:
    """Every key written starts with `prefix`; caches with different prefixes share nothing."""
    users, orders = SlowStore({"k": "user"}), SlowStore({"k": "order"})
    a = make(redis_backend, users, prefix="users")
    b = make(redis_backend, orders, prefix="orders")
    assert (a.get("k"), b.get("k")) == ("user", "order")
    a.put("k", "user2")
    assert (a.get("k"), b.get("k"), a.get("k"), b.get("k")) == ("user2", "order") * 2
    assert (users.loads, orders.loads) == (2, 1)
    names = [key.decode() for key in redis_backend.client().keys("*")]
    assert names
    assert all(name.startswith(("users", "orders")) for name in names)
    assert any(name.startswith("users") for name in names)
    assert any(name.startswith("orders") for name in names)


@kata("core", "edge")
def test_the_default_prefix_is_cache(redis_backend: RedisBackend) -> None:
    """Without a prefix argument every key written starts with the documented default, "cache"."""
    store = SlowStore({"a": 1, "b": 2})
    cache = make(redis_backend, store)
    cache.get("a")
    cache.put("b", 3)
    cache.get("b")
    names = [key.decode() for key in redis_backend.client().keys("*")]
    assert names
    assert all(name.startswith("cache") for name in names)


@kata("core", "edge")
def test_a_one_millisecond_ttl_is_accepted_and_kept(redis_backend: RedisBackend) -> None:
    """Any positive ttl is accepted, even below a second, and the entry lives no longer than it."""
    store = SlowStore({"k": "v"})
    cache = make(redis_backend, store, ttl=0.001, jitter=0.0)
    assert cache.get("k") == "v"
    found = ttls_ms(redis_backend)
    assert -1 not in found, "a key was written without a TTL"
    assert all(ttl <= 1 for ttl in found), "an entry outlives ttl"


class CommandCounter:
    """Counts the commands one client sends (each is one round trip to Redis)."""

    def __init__(self, client: Any) -> None:
        self.sent = 0

        def counting(send: Send, args: tuple[Any, ...], options: dict[str, Any]) -> Any:
            self.sent += 1
            return send(*args, **options)

        intercept(client, counting)


@kata("core", "perf")
def test_a_hit_is_one_round_trip(redis_backend: RedisBackend) -> None:
    """A cache hit costs a single round trip to Redis (entry and version read together)."""
    client = redis_backend.client()
    client.ping()
    counter = CommandCounter(client)
    store = SlowStore({"k": "v"})
    cache = solution.CacheAside(client, store, ttl=100.0)
    for _ in range(3):  # the miss, then hits that load any script a hit uses
        cache.get("k")
    before = counter.sent
    assert cache.get("k") == "v"
    assert counter.sent - before <= 1
    assert store.loads == 1


# --- jitter ---------------------------------------------------------------------------------


@kata("jitter", "example")
def test_ttl_is_shortened_by_the_injected_randomness(redis_backend: RedisBackend) -> None:
    """An entry's TTL is ttl * (1 - jitter * rand()), with rand the injected source."""
    store = SlowStore({f"k{i}": i for i in range(4)})
    cache = make(redis_backend, store, ttl=100.0, jitter=0.2, rand=values(0.0, 0.25, 0.5, 0.75))
    for i in range(4):
        cache.get(f"k{i}")
    assert ttls_ms(redis_backend) == pytest.approx([85_000, 90_000, 95_000, 100_000], abs=200)


@kata("jitter", "edge")
def test_zero_jitter_gives_the_exact_ttl(redis_backend: RedisBackend) -> None:
    """With jitter=0 every entry lives exactly `ttl`."""
    store = SlowStore({"a": 1, "b": 2})
    cache = make(redis_backend, store, ttl=30.0, jitter=0.0, rand=values(0.9, 0.1))
    cache.get("a")
    cache.get("b")
    assert ttls_ms(redis_backend) == pytest.approx([30_000, 30_000], abs=200)


@kata("jitter", "example")
def test_entries_filled_together_expire_apart(redis_backend: RedisBackend) -> None:
    """With the default randomness, 40 entries filled at once get spread-out expiries."""
    store = SlowStore({f"k{i}": i for i in range(40)})
    cache = make(redis_backend, store, ttl=100.0, jitter=0.5)
    for i in range(40):
        cache.get(f"k{i}")
    found = ttls_ms(redis_backend)
    assert len(found) >= 40
    assert min(found) >= 50_000 - 200 and max(found) <= 100_000
    assert max(found) - min(found) > 10_000
    assert len(set(found)) > 20


@kata("jitter", "property")
@settings(
    max_examples=30,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
@given(
    ttl=st.integers(10, 1_000),
    jitter=st.integers(0, 9).map(lambda j: j / 10),
    r=st.integers(0, 99).map(lambda r: r / 100),
)
def test_ttl_stays_within_the_jitter_band(
    redis_backend: RedisBackend, ttl: int, jitter: float, r: float
) -> None:
    """For any ttl, jitter and random draw, the TTL is in [ttl * (1 - jitter), ttl]."""
    redis_backend.client().flushdb()
    store = SlowStore({"k": 1})
    cache = make(redis_backend, store, ttl=float(ttl), jitter=jitter, rand=values(r))
    cache.get("k")
    (found,) = ttls_ms(redis_backend)
    assert ttl * 1000 * (1 - jitter) - 200 <= found <= ttl * 1000
    assert found == pytest.approx(ttl * 1000 * (1 - jitter * r), abs=200)


# --- errors ---------------------------------------------------------------------------------


@kata("errors", "failure")
def test_a_store_error_reaches_the_caller(redis_backend: RedisBackend) -> None:
    """When the store fails, get raises that very error, not a wrapped or swallowed one."""
    store = SlowStore({"k": 1})
    store.failing = True
    cache = make(redis_backend, store)
    with pytest.raises(StoreDown):
        cache.get("k")


@kata("errors", "failure")
def test_an_error_is_not_cached(redis_backend: RedisBackend) -> None:
    """After a failed load, the next get asks the store again and returns its value."""
    store = SlowStore({"k": "value"})
    cache = make(redis_backend, store)
    store.failing = True
    for _ in range(2):
        with pytest.raises(StoreDown):
            cache.get("k")
    store.failing = False
    assert cache.get("k") == "value"
    assert store.loads == 3


@kata("errors", "edge")
def test_a_missing_key_raises_and_is_found_once_written(redis_backend: RedisBackend) -> None:
    """A key the store lacks raises KeyError, and is found as soon as the store has it."""
    store = SlowStore()
    cache = make(redis_backend, store)
    with pytest.raises(KeyError):
        cache.get("k")
    store.data["k"] = "here"
    assert cache.get("k") == "here"


# --- cache_down -----------------------------------------------------------------------------


@kata("cache_down", "failure")
def test_reads_fall_back_to_the_store_while_the_cache_is_down(redis_backend: RedisBackend) -> None:
    """With Redis unreachable, get returns the store's value and raises nothing."""
    store = SlowStore({"k": "v"})
    cache = make(redis_backend, store)
    with redis_backend.outage():
        assert [cache.get("k") for _ in range(2)] == ["v", "v"]
    assert store.loads == 2


@kata("cache_down", "failure")
def test_writes_reach_the_store_while_the_cache_is_down(redis_backend: RedisBackend) -> None:
    """With Redis unreachable, put still writes the store, raises nothing, and reads see it."""
    store = SlowStore({"k": "old"})
    cache = make(redis_backend, store)
    with redis_backend.outage():
        cache.put("k", "new")
        assert cache.get("k") == "new"
    assert store.data["k"] == "new"


@kata("cache_down", "failure")
def test_an_invalidation_missed_in_an_outage_is_applied_after(redis_backend: RedisBackend) -> None:
    """A write made while the cache was down is not hidden by the old entry once it is back."""
    store = SlowStore({"k": "old"})
    cache = make(redis_backend, store)
    assert cache.get("k") == "old"
    with redis_backend.outage():
        cache.put("k", "new")
    assert cache.get("k") == "new"


@kata("cache_down", "failure")
def test_caching_resumes_after_an_outage(redis_backend: RedisBackend) -> None:
    """Once Redis is back, entries are cached again."""
    store = SlowStore({"k": "v"})
    cache = make(redis_backend, store)
    with redis_backend.outage():
        cache.get("k")
    assert [cache.get("k") for _ in range(3)] == ["v"] * 3
    assert store.loads == 2


@kata("cache_down", "failure")
def test_redis_failing_at_any_point_of_a_read_still_returns_the_value(
    redis_backend: RedisBackend,
) -> None:
    """If Redis becomes unreachable at any point during a get, the store's value is returned."""
    store = SlowStore({f"k{n}": n for n in range(6)})
    for commands in range(6):  # Redis dies after 0, 1, 2, ... commands of the call
        client = redis_backend.client()
        client.ping()
        cache = solution.CacheAside(die_after(client, commands), store, ttl=100.0)
        assert cache.get(f"k{commands}") == commands


@kata("cache_down", "failure")
def test_redis_failing_at_any_point_of_a_write_still_writes_the_store(
    redis_backend: RedisBackend,
) -> None:
    """If Redis becomes unreachable at any point during a put, the store is written, no error."""
    store = SlowStore({f"k{n}": "old" for n in range(6)})
    for commands in range(6):
        client = redis_backend.client()
        client.ping()
        cache = solution.CacheAside(client, store, ttl=100.0)
        assert cache.get(f"k{commands}") == "old"
        die_after(client, commands)
        cache.put(f"k{commands}", "new")
        assert store.data[f"k{commands}"] == "new"
        assert cache.get(f"k{commands}") == "new"


# --- race -----------------------------------------------------------------------------------


@kata("race", "concurrency")
def test_a_slow_read_does_not_refill_a_value_a_write_replaced(redis_backend: RedisBackend) -> None:
    """A read that loaded the old value before a write must not put it back in the cache after."""
    store = SlowStore({"k": "old"})
    reader, writer = make(redis_backend, store), make(redis_backend, store)
    loaded, release = threading.Event(), threading.Event()
    store.hold_load = (loaded, release)

    def act(i: int) -> Any:
        if i == 0:
            return reader.get("k")
        assert loaded.wait(1.0)
        writer.put("k", "new")
        release.set()
        return None

    assert run_threads(2, act)[0] == "old"
    assert reader.get("k") == "new"
    assert writer.get("k") == "new"


@kata("race", "concurrency")
def test_a_read_slower_than_a_minute_does_not_refill_either(redis_backend: RedisBackend) -> None:
    """A load that lasts minutes (still less than ttl) and straddles a write puts nothing back."""
    store = SlowStore({"k": "old"})
    reader, writer = make(redis_backend, store, ttl=300.0), make(redis_backend, store, ttl=300.0)
    loaded, release = threading.Event(), threading.Event()
    store.hold_load = (loaded, release)

    def act(i: int) -> Any:
        if i == 0:
            return reader.get("k")
        assert loaded.wait(1.0)
        writer.put("k", "new")
        redis_backend.advance(120)  # the read is stuck for two minutes after the write
        release.set()
        return None

    assert run_threads(2, act)[0] == "old"
    assert reader.get("k") == "new"
    assert writer.get("k") == "new"


@kata("race", "concurrency")
def test_racing_writers_leave_the_last_stored_value_visible(redis_backend: RedisBackend) -> None:
    """Two writers racing: reads afterwards see what the store holds, not the loser's value."""
    store = SlowStore({"k": "v0"})
    a, b = make(redis_backend, store), make(redis_backend, store)
    assert a.get("k") == "v0"
    saved, release = threading.Event(), threading.Event()
    store.hold_save = (saved, release)

    def act(i: int) -> None:
        if i == 0:
            a.put("k", "v1")
        else:
            assert saved.wait(1.0)
            b.put("k", "v2")
            release.set()

    run_threads(2, act)
    assert store.data["k"] == "v2"
    assert a.get("k") == "v2"
    assert b.get("k") == "v2"


@kata("race", "concurrency")
def test_many_threads_reading_and_writing_stay_consistent(redis_backend: RedisBackend) -> None:
    """Instances reading and writing keys concurrently read only written values, end consistent."""
    store = SlowStore({f"k{i}": [f"k{i}", 0] for i in range(3)})
    instances = [make(redis_backend, store) for _ in range(4)]

    def act(i: int) -> None:
        for j in range(4):
            key = f"k{(i + j) % 3}"
            if (i + j) % 3 == 0:
                instances[i].put(key, [key, i * 10 + j + 1])
            else:
                assert instances[i].get(key)[0] == key  # never another key's value

    run_threads(4, act)
    for i in range(3):
        assert instances[0].get(f"k{i}") == store.data[f"k{i}"]
