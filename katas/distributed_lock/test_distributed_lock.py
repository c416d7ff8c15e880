"""Hidden-style tests for the distributed lock kata."""

from __future__ import annotations

import contextlib
import threading

import pytest
import redis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import FakeClock, run_threads
from grading.testkit.markers import kata
from grading.testkit.redis_backend import RedisBackend
from grading.testkit.redis_faults import after_command, die_after

solution = load_solution("distributed_lock")

LONG = 60_000  # ms: Redis never expires a key by itself during a test; tests expire it by hand
SHORT = 20_000  # ms: shorter than LONG, still far longer than any test runs on a loaded machine


def connected(backend: RedisBackend, count: int) -> list[redis.Redis]:
    """`count` clients, each connected before any thread starts (as running processes would be)."""
    clients = [backend.client() for _ in range(count)]
    for client in clients:
        client.ping()
    return clients


def expire_now(backend: RedisBackend, name: str) -> None:
    """Model the lock's TTL running out (on any server, without waiting for it)."""
    backend.client().delete(name)


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_one_process_holds_the_lock_at_a_time(redis_backend: RedisBackend) -> None:
    """While one process holds the lock, another process's acquire is refused."""
    first = solution.RedisLock(redis_backend.client(), "orders", LONG)
    second = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert first.acquire() is True
    assert second.acquire() is False


@kata("core", "example")
def test_release_lets_the_next_process_in(redis_backend: RedisBackend) -> None:
    """After the holder releases, another process can take the lock."""
    first = solution.RedisLock(redis_backend.client(), "orders", LONG)
    second = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert first.acquire() is True
    assert first.release() is True
    assert second.acquire() is True


@kata("core", "example")
def test_locks_with_different_names_are_independent(redis_backend: RedisBackend) -> None:
    """Locks with different names do not exclude each other."""
    client = redis_backend.client()
    assert solution.RedisLock(client, "orders", LONG).acquire() is True
    assert solution.RedisLock(client, "invoices", LONG).acquire() is True


@kata("core", "edge")
def test_lock_is_taken_with_an_expiry(redis_backend: RedisBackend) -> None:
    """The lock key carries an expiry no longer than ttl_ms, so a crashed holder cannot block."""
    lock = solution.RedisLock(redis_backend.client(), "orders", SHORT)
    assert lock.acquire() is True
    # Milliseconds, not seconds: the TTL Redis reports is close to ttl_ms (it is only read).
    assert SHORT // 2 < redis_backend.client().pttl("orders") <= SHORT


@kata("core", "edge")
def test_a_non_owner_cannot_release(redis_backend: RedisBackend) -> None:
    """Another lock object, even in the same process, cannot release the holder's lock."""
    client = redis_backend.client()
    owner = solution.RedisLock(client, "orders", LONG)
    other = solution.RedisLock(client, "orders", LONG)
    assert owner.acquire() is True
    assert other.acquire() is False
    assert other.release() is False
    assert solution.RedisLock(redis_backend.client(), "orders", LONG).acquire() is False
    assert owner.release() is True


@kata("core", "edge")
def test_release_after_expiry_leaves_the_new_holder_alone(redis_backend: RedisBackend) -> None:
    """A holder whose lock expired and was taken over cannot release the new holder's lock."""
    old = solution.RedisLock(redis_backend.client(), "orders", LONG)
    new = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert old.acquire() is True
    expire_now(redis_backend, "orders")
    assert new.acquire() is True
    assert old.release() is False
    assert solution.RedisLock(redis_backend.client(), "orders", LONG).acquire() is False
    assert new.release() is True


@kata("core", "edge")
def test_acquire_is_not_reentrant_and_keeps_the_first_hold(redis_backend: RedisBackend) -> None:
    """A second acquire on a held lock is refused and the first acquisition can still release."""
    lock = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert lock.acquire() is True
    assert lock.acquire() is False
    assert lock.release() is True
    assert lock.release() is False


@kata("core", "edge")
def test_release_without_acquire_is_false(redis_backend: RedisBackend) -> None:
    """Releasing a lock never acquired returns False and leaves a holder in place."""
    holder = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert holder.acquire() is True
    assert solution.RedisLock(redis_backend.client(), "orders", LONG).release() is False
    assert holder.release() is True


@kata("core", "edge")
@pytest.mark.parametrize("ttl_ms", [0, -1])
def test_non_positive_ttl_is_rejected(redis_backend: RedisBackend, ttl_ms: int) -> None:
    """A ttl_ms that is not positive is a ValueError."""
    with pytest.raises(ValueError):
        solution.RedisLock(redis_backend.client(), "orders", ttl_ms)


@kata("core", "edge")
def test_default_ttl_is_ten_seconds(redis_backend: RedisBackend) -> None:
    """Without ttl_ms the lock expires after the documented default of 10 000 ms, no later."""
    lock = solution.RedisLock(redis_backend.client(), "orders")
    assert lock.acquire() is True
    assert 5_000 < redis_backend.client().pttl("orders") <= 10_000


@kata("core", "edge")
def test_a_one_millisecond_ttl_is_allowed(redis_backend: RedisBackend) -> None:
    """Any positive ttl_ms is accepted, down to 1 ms, when creating the lock and when extending."""
    solution.RedisLock(redis_backend.client(), "short", 1)
    lock = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert lock.acquire() is True
    assert lock.extend(1) is True


@kata("extend", "edge")
@pytest.mark.parametrize("ttl_ms", [0, -1])
def test_extend_with_a_non_positive_ttl_is_rejected(
    redis_backend: RedisBackend, ttl_ms: int
) -> None:
    """extend with a ttl_ms that is not positive is a ValueError and the lock is kept as it was."""
    lock = solution.RedisLock(redis_backend.client(), "orders", SHORT)
    assert lock.acquire() is True
    with pytest.raises(ValueError):
        lock.extend(ttl_ms)
    assert SHORT // 2 < redis_backend.client().pttl("orders") <= SHORT
    assert lock.release() is True


operations = st.lists(
    st.one_of(
        st.tuples(st.sampled_from(["acquire", "release", "extend"]), st.integers(0, 2)),
        st.just(("expire", 0)),
    ),
    max_size=14,
)


@kata("core", "property")
@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_agrees_with_a_single_holder_model(
    redis_backend: RedisBackend, steps: list[tuple[str, int]]
) -> None:
    """Any mix of acquire, release, extend and expiry by 3 processes matches a one-holder model."""
    redis_backend.client().flushdb()
    locks = [solution.RedisLock(redis_backend.client(), "orders", LONG) for _ in range(3)]
    holder: int | None = None
    grants = 0
    for op, i in steps:
        if op == "expire":
            expire_now(redis_backend, "orders")
            holder = None
        elif op == "acquire":
            assert locks[i].acquire() is (holder is None)
            if holder is None:
                holder, grants = i, grants + 1
                assert locks[i].fencing_token == grants
        elif op == "release":
            assert locks[i].release() is (holder == i)
            holder = None if holder == i else holder
        else:
            assert locks[i].extend() is (holder == i)


@kata("core", "concurrency")
def test_racing_processes_get_exactly_one_lock(redis_backend: RedisBackend) -> None:
    """4 processes racing for a free lock: exactly one wins."""
    locks = [solution.RedisLock(c, "orders", LONG) for c in connected(redis_backend, 4)]
    won = run_threads(4, lambda i: locks[i].acquire())
    assert sum(won) == 1


@kata("core", "concurrency")
def test_critical_section_is_never_shared(redis_backend: RedisBackend) -> None:
    """Processes that take turns through the lock are never inside the critical section together."""
    locks = [solution.RedisLock(c, "orders", LONG) for c in connected(redis_backend, 4)]
    guard = threading.Lock()
    inside: list[int] = []
    overlaps: list[tuple[int, ...]] = []

    def worker(i: int) -> int:
        entered = 0
        for _ in range(4):
            if not locks[i].acquire():
                continue
            with guard:
                inside.append(i)
                if len(inside) > 1:
                    overlaps.append(tuple(inside))
            entered += 1
            with guard:
                inside.remove(i)
            locks[i].release()
        return entered

    entries = run_threads(4, worker)
    assert sum(entries) >= 1
    assert overlaps == []


@kata("core", "failure")
def test_a_crash_mid_acquire_never_leaves_a_lock_without_expiry(
    redis_backend: RedisBackend,
) -> None:
    """A process dying at any point inside acquire leaves no lock, or a lock that will expire."""
    observer = redis_backend.client()
    for crash_after in range(5):
        name = f"orders-{crash_after}"
        lock = solution.RedisLock(die_after(redis_backend.client(), crash_after), name, LONG)
        # A crash while keys are watched reaches the caller as a WatchError (redis-py's).
        with contextlib.suppress(redis.ConnectionError, redis.WatchError):
            lock.acquire()
        assert observer.pttl(name) != -1, f"lock left with no expiry (crash after {crash_after})"


@kata("core", "failure")
def test_a_pause_inside_release_never_frees_the_next_holder(redis_backend: RedisBackend) -> None:
    """If the lock expires and changes hands while release is under way, the new holder keeps it."""
    paused = redis_backend.client()
    old = solution.RedisLock(paused, "orders", LONG)
    new = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert old.acquire() is True
    taken_over: list[bool] = []

    def lock_moves_on(_command: str) -> None:
        expire_now(redis_backend, "orders")
        taken_over.append(new.acquire())

    after_command(paused, lock_moves_on)
    old.release()
    if not taken_over:  # release sent nothing through the client itself (a pipeline does not)
        lock_moves_on("")
    assert taken_over == [True]
    assert solution.RedisLock(redis_backend.client(), "orders", LONG).acquire() is False
    assert new.release() is True


@kata("core", "failure")
def test_acquire_during_an_outage_fails_closed(redis_backend: RedisBackend) -> None:
    """With Redis unreachable acquire raises ConnectionError, and works again once it is back."""
    lock = solution.RedisLock(redis_backend.client(), "orders", LONG)
    with redis_backend.outage(), pytest.raises(redis.ConnectionError):
        lock.acquire()
    assert lock.fencing_token is None
    assert lock.release() is False
    assert lock.acquire() is True


@kata("core", "failure")
def test_a_release_lost_to_an_outage_can_be_retried(redis_backend: RedisBackend) -> None:
    """A release that fails in an outage raises, and the holder can still release afterwards."""
    lock = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert lock.acquire() is True
    with redis_backend.outage(), pytest.raises(redis.ConnectionError):
        lock.release()
    assert lock.release() is True
    assert solution.RedisLock(redis_backend.client(), "orders", LONG).acquire() is True


# --- extend ---------------------------------------------------------------------------------


@kata("extend", "example")
def test_owner_extends_the_expiry(redis_backend: RedisBackend) -> None:
    """extend resets the expiry to the ttl_ms given (in ms), or to the constructor's by default."""
    lock = solution.RedisLock(redis_backend.client(), "orders", SHORT)
    observer = redis_backend.client()
    assert lock.acquire() is True
    assert lock.extend(LONG) is True
    assert LONG // 2 < observer.pttl("orders") <= LONG
    assert lock.extend(10_000) is True  # a reset, so it can also shorten
    assert 0 < observer.pttl("orders") <= 10_000
    assert lock.extend() is True
    assert SHORT // 2 < observer.pttl("orders") <= SHORT


@kata("extend", "edge")
def test_a_non_owner_cannot_extend(redis_backend: RedisBackend) -> None:
    """extend by a lock object that does not hold the lock is refused and changes no expiry."""
    owner = solution.RedisLock(redis_backend.client(), "orders", SHORT)
    other = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert owner.acquire() is True
    assert other.extend(LONG) is False
    assert redis_backend.client().pttl("orders") <= SHORT


@kata("extend", "edge")
def test_extend_after_expiry_is_refused_and_revives_nothing(redis_backend: RedisBackend) -> None:
    """A holder whose lock expired cannot extend it: no revival, and the new holder's TTL stays."""
    old = solution.RedisLock(redis_backend.client(), "orders", LONG)
    new = solution.RedisLock(redis_backend.client(), "orders", SHORT)
    assert old.acquire() is True
    expire_now(redis_backend, "orders")
    assert old.extend(LONG) is False
    assert redis_backend.client().exists("orders") == 0
    assert new.acquire() is True
    assert old.extend(LONG) is False
    assert redis_backend.client().pttl("orders") <= SHORT
    assert old.fencing_token is None


# --- fencing --------------------------------------------------------------------------------


@kata("fencing", "example")
def test_fencing_tokens_grow_with_each_acquisition(redis_backend: RedisBackend) -> None:
    """Every acquisition, by any process, gets a larger fencing token than the one before."""
    first = solution.RedisLock(redis_backend.client(), "orders", LONG)
    second = solution.RedisLock(redis_backend.client(), "orders", LONG)
    tokens = []
    for lock in (first, second, first, second):
        assert lock.acquire() is True
        tokens.append(lock.fencing_token)
        assert lock.release() is True
    assert all(isinstance(t, int) for t in tokens)
    assert tokens == sorted(set(tokens))


@kata("fencing", "example")
def test_store_rejects_a_paused_holder(redis_backend: RedisBackend) -> None:
    """A holder paused past its expiry writes with an old token and the store refuses it."""
    store = solution.FencedStore()
    slow = solution.RedisLock(redis_backend.client(), "orders", LONG)
    fast = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert slow.acquire() is True
    stale = slow.fencing_token
    expire_now(redis_backend, "orders")  # slow is paused (GC, network) past its TTL
    assert fast.acquire() is True
    store.write("balance", "fast", fast.fencing_token)
    with pytest.raises(solution.StaleTokenError):
        store.write("balance", "slow", stale)
    assert store.read("balance") == "fast"


@kata("fencing", "edge")
def test_store_accepts_the_same_token_again(redis_backend: RedisBackend) -> None:
    """The store accepts repeated writes with the current token and any newer token."""
    store = solution.FencedStore()
    store.write("a", "1", 3)
    store.write("b", "2", 3)
    store.write("a", "3", 7)
    assert (store.read("a"), store.read("b"), store.read("missing")) == ("3", "2", None)
    with pytest.raises(solution.StaleTokenError):
        store.write("b", "4", 6)
    assert store.read("b") == "2"


@kata("fencing", "edge")
def test_a_fresh_store_accepts_token_zero() -> None:
    """A store that has accepted nothing yet takes a write with any token, 0 included."""
    store = solution.FencedStore()
    store.write("k", "first", 0)
    assert store.read("k") == "first"
    store.write("k", "again", 0)
    assert store.read("k") == "again"


@kata("fencing", "edge")
def test_fencing_token_is_none_unless_held(redis_backend: RedisBackend) -> None:
    """fencing_token is None before acquire, set while held, None again after release."""
    lock = solution.RedisLock(redis_backend.client(), "orders", LONG)
    assert lock.fencing_token is None
    assert lock.acquire() is True
    assert lock.fencing_token is not None
    assert lock.release() is True
    assert lock.fencing_token is None


@kata("fencing", "edge")
def test_fencing_survives_a_new_lock_object(redis_backend: RedisBackend) -> None:
    """Tokens keep growing across lock objects and processes: the counter lives in Redis."""
    seen = []
    for _ in range(3):
        lock = solution.RedisLock(redis_backend.client(), "orders", LONG)
        assert lock.acquire() is True
        seen.append(lock.fencing_token)
        expire_now(redis_backend, "orders")
    assert seen[0] < seen[1] < seen[2]


@kata("fencing", "failure")
def test_tokens_follow_the_order_locks_were_granted(redis_backend: RedisBackend) -> None:
    """A process paused inside acquire while others take the lock gets a later token than theirs."""
    paused = redis_backend.client()
    slow = solution.RedisLock(paused, "orders", LONG)
    others: list[int] = []

    def others_take_turns(_command: str) -> None:
        fast = solution.RedisLock(redis_backend.client(), "orders", LONG)
        if fast.acquire():
            others.append(fast.fencing_token)
            assert fast.release() is True

    after_command(paused, others_take_turns, times=3)
    assert slow.acquire() is True  # the others always release before it goes on
    assert all(slow.fencing_token > token for token in others)


@kata("fencing", "concurrency")
def test_store_never_goes_back_to_an_older_token_under_threads() -> None:
    """Racing writers: once a token is accepted, no older token's value replaces it."""
    for round_ in range(6):
        store = solution.FencedStore()

        def writer(i: int, store: object = store, round_: int = round_) -> int:
            went_back = 0
            for k in range(10):
                token = 4 * k + (i + round_) % 4 + 1
                try:
                    store.write("k", str(token), token)  # type: ignore[attr-defined]
                except solution.StaleTokenError:
                    continue
                went_back += int(store.read("k")) < token  # type: ignore[attr-defined]
            return went_back

        assert sum(run_threads(4, writer)) == 0
        assert store.read("k") == "40"
        with pytest.raises(solution.StaleTokenError):
            store.write("k", "late", 39)


# --- leader_election ------------------------------------------------------------------------


def elector(backend: RedisBackend, clock: FakeClock, lease_ms: int = 3_000) -> object:
    return solution.LeaderElector(backend.client(), "leader", lease_ms, clock=clock)


@kata("leader_election", "example")
def test_one_node_leads_and_the_others_follow(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """Of three nodes campaigning, one leads with a term and the other two follow."""
    nodes = [elector(redis_backend, clock) for _ in range(3)]
    results = [n.campaign() for n in nodes]  # type: ignore[attr-defined]
    assert results == [True, False, False]
    assert [n.is_leader() for n in nodes] == [True, False, False]  # type: ignore[attr-defined]
    assert isinstance(nodes[0].term, int)  # type: ignore[attr-defined]
    assert nodes[1].term is None  # type: ignore[attr-defined]


@kata("leader_election", "clock")
def test_renewing_keeps_leadership(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """A leader renewing every lease/2 stays leader, with the same term, across many leases."""
    leader, follower = elector(redis_backend, clock), elector(redis_backend, clock)
    assert leader.campaign() is True  # type: ignore[attr-defined]
    term = leader.term  # type: ignore[attr-defined]
    for _ in range(6):
        clock.advance(1.5)
        assert leader.campaign() is True  # type: ignore[attr-defined]
        assert follower.campaign() is False  # type: ignore[attr-defined]
        clock.advance(1.4)
        assert leader.is_leader() is True  # type: ignore[attr-defined]
    assert leader.term == term  # type: ignore[attr-defined]


@kata("leader_election", "clock")
def test_leader_that_stops_renewing_steps_down(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A leader paused past its lease stops calling itself leader, whatever it last heard."""
    leader = elector(redis_backend, clock)
    started = clock()
    assert leader.campaign() is True  # type: ignore[attr-defined]
    clock.set(started + 2.999)  # a millisecond before the lease ends
    assert leader.is_leader() is True  # type: ignore[attr-defined]
    clock.set(started + 3.0)  # exactly lease_ms later: the lease is over
    assert leader.is_leader() is False  # type: ignore[attr-defined]
    assert leader.term is None  # type: ignore[attr-defined]


@kata("leader_election", "clock")
def test_default_lease_is_five_seconds(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """Without lease_ms a leader leads for the documented default of 5 000 ms."""
    leader = solution.LeaderElector(redis_backend.client(), "leader", clock=clock)
    started = clock()
    assert leader.campaign() is True
    clock.set(started + 4.999)
    assert leader.is_leader() is True
    clock.set(started + 5.0)
    assert leader.is_leader() is False
    assert redis_backend.client().pttl("leader") <= 5_000


@kata("leader_election", "edge")
def test_the_lease_in_redis_lasts_lease_ms(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """The lock behind the election expires lease_ms after a win or renewal, so others can win."""
    leader = elector(redis_backend, clock, lease_ms=3_000)
    observer = redis_backend.client()
    assert leader.campaign() is True  # type: ignore[attr-defined]
    assert 1_500 < observer.pttl("leader") <= 3_000
    clock.advance(1.0)
    assert leader.campaign() is True  # type: ignore[attr-defined]
    assert 1_500 < observer.pttl("leader") <= 3_000


@kata("leader_election", "clock")
def test_lease_counts_from_before_the_request(redis_backend: RedisBackend) -> None:
    """The local lease starts when the campaign began, not when a slow reply arrived."""
    clock = FakeClock()
    client = redis_backend.client()
    after_command(client, lambda _cmd: clock.advance(1.0), times=10)  # every reply takes 1 s
    leader = solution.LeaderElector(client, "leader", 3_000, clock=clock)
    started = clock()
    assert leader.campaign() is True
    clock.set(started + 2.99)
    assert leader.is_leader() is True
    clock.set(started + 3.01)
    assert leader.is_leader() is False


@kata("leader_election", "clock")
def test_wall_clock_steps_do_not_move_the_lease(
    redis_backend: RedisBackend, system_clocks: tuple[FakeClock, FakeClock]
) -> None:
    """By default the lease runs on the monotonic clock: a wall-clock step changes nothing."""
    wall, monotonic = system_clocks
    leader = solution.LeaderElector(redis_backend.client(), "leader", 3_000)
    assert leader.campaign() is True
    wall.advance(-3_600)
    monotonic.advance(2)
    assert leader.is_leader() is True
    wall.advance(7_200)
    assert leader.is_leader() is True
    monotonic.advance(2)
    assert leader.is_leader() is False


@kata("leader_election", "edge")
def test_a_new_leader_after_expiry_has_a_higher_term(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """When the lease expires another node wins with a higher term; the old leader cannot renew."""
    old, new = elector(redis_backend, clock), elector(redis_backend, clock)
    assert old.campaign() is True  # type: ignore[attr-defined]
    old_term = old.term  # type: ignore[attr-defined]
    expire_now(redis_backend, "leader")
    assert new.campaign() is True  # type: ignore[attr-defined]
    assert new.term > old_term  # type: ignore[attr-defined]
    assert old.campaign() is False  # type: ignore[attr-defined]
    assert old.is_leader() is False  # type: ignore[attr-defined]
    assert new.is_leader() is True  # type: ignore[attr-defined]


@kata("leader_election", "edge")
def test_resign_hands_over_at_once(redis_backend: RedisBackend, clock: FakeClock) -> None:
    """After the leader resigns, another node wins its next campaign without waiting."""
    old, new = elector(redis_backend, clock), elector(redis_backend, clock)
    assert old.campaign() is True  # type: ignore[attr-defined]
    old.resign()  # type: ignore[attr-defined]
    assert old.is_leader() is False  # type: ignore[attr-defined]
    assert new.campaign() is True  # type: ignore[attr-defined]


@kata("leader_election", "failure")
def test_leader_cut_off_from_redis_steps_down_when_its_lease_ends(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A leader that cannot renew stays leader until its lease ends, then steps down."""
    leader = elector(redis_backend, clock)
    assert leader.campaign() is True  # type: ignore[attr-defined]
    with redis_backend.outage():
        clock.advance(1.0)
        assert leader.campaign() is True  # type: ignore[attr-defined]
        clock.advance(1.9)
        assert leader.is_leader() is True  # type: ignore[attr-defined]
        clock.advance(0.2)
        assert leader.campaign() is False  # type: ignore[attr-defined]
        assert leader.is_leader() is False  # type: ignore[attr-defined]
    assert leader.campaign() is True  # type: ignore[attr-defined]
    assert leader.is_leader() is True  # type: ignore[attr-defined]


@kata("leader_election", "failure")
def test_resign_during_an_outage_still_steps_down(
    redis_backend: RedisBackend, clock: FakeClock
) -> None:
    """A leader that resigns while Redis is unreachable stops calling itself leader at once."""
    leader = elector(redis_backend, clock)
    assert leader.campaign() is True  # type: ignore[attr-defined]
    with redis_backend.outage():
        with contextlib.suppress(redis.ConnectionError):
            leader.resign()  # type: ignore[attr-defined]
        assert leader.is_leader() is False  # type: ignore[attr-defined]
        assert leader.term is None  # type: ignore[attr-defined]
    assert leader.is_leader() is False  # type: ignore[attr-defined]
