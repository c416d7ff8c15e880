"""Hidden-style tests for the consistent hashing kata."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import call_each, growth_ratio
from grading.testkit.markers import kata
from grading.testkit.processes import in_fresh_process

solution = load_solution("consistent_hashing")


NODES = [f"cache-{i}" for i in range(5)]
KEYS = [f"user:{i}" for i in range(4_000)]


def assignment(ring: object, keys: list[str] = KEYS) -> dict[str, str]:
    nodes = call_each(ring.get_node, [(key,) for key in keys])  # type: ignore[attr-defined]
    return dict(zip(keys, nodes, strict=True))


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_keys_map_to_ring_nodes_and_stay_there() -> None:
    """Every key maps to one of the ring's nodes, and to the same one on every call."""
    ring = solution.HashRing(NODES)
    first = assignment(ring, KEYS[:500])
    assert set(first.values()) <= set(NODES)
    assert assignment(ring, KEYS[:500]) == first


@kata("core", "example")
def test_ring_reports_its_nodes() -> None:
    """nodes and len() follow add_node and remove_node."""
    ring = solution.HashRing(["a", "b"])
    ring.add_node("c")
    ring.remove_node("a")
    assert ring.nodes == frozenset({"b", "c"})
    assert len(ring) == 2
    # A frozenset: what a caller got cannot change the ring's membership, nor follow it.
    assert isinstance(ring.nodes, frozenset)
    snapshot = ring.nodes
    ring.add_node("d")
    assert snapshot == frozenset({"b", "c"})


@kata("core", "edge")
def test_single_node_owns_every_key() -> None:
    """A ring with one node sends every key to it."""
    ring = solution.HashRing(["only"], vnodes=3)
    assert set(assignment(ring, KEYS[:500]).values()) == {"only"}


@kata("core", "edge")
def test_keys_past_the_last_point_wrap_around() -> None:
    """Keys hashing beyond the last ring point belong to the first point: the ring wraps."""
    ring = solution.HashRing(["a", "b", "c"], vnodes=1)
    owners = Counter(assignment(ring, KEYS[:2_000]).values())
    assert sum(owners.values()) == 2_000
    assert set(owners) == {"a", "b", "c"}


@kata("core", "edge")
def test_empty_ring_and_bad_calls_are_errors() -> None:
    """Empty ring: LookupError; duplicate add, unknown remove, vnodes < 1: errors."""
    ring = solution.HashRing()
    with pytest.raises(LookupError):
        ring.get_node("k")
    ring.add_node("a")
    with pytest.raises(ValueError):
        ring.add_node("a")
    with pytest.raises(KeyError):
        ring.remove_node("z")
    with pytest.raises(ValueError):
        solution.HashRing(["a"], vnodes=0)


@kata("core", "edge")
def test_removing_the_last_node_empties_the_ring() -> None:
    """After its only node is removed, the ring has no owner for any key."""
    ring = solution.HashRing(["a"])
    ring.remove_node("a")
    assert len(ring) == 0
    with pytest.raises(LookupError):
        ring.get_node("k")


@kata("core", "property")
@settings(max_examples=10)
@given(order=st.permutations(NODES))
def test_insertion_order_does_not_matter(order: list[str]) -> None:
    """Rings with the same nodes agree on every key, whatever order the nodes were added in."""
    assert assignment(solution.HashRing(order, vnodes=20), KEYS[:300]) == assignment(
        solution.HashRing(NODES, vnodes=20), KEYS[:300]
    )


ASSIGN = """
import json
ring = solution.HashRing([f"cache-{i}" for i in range(5)], vnodes=20)
print(json.dumps([ring.get_nodes(f"user:{i}", 2) for i in range(200)]))
"""


def another_hash_seed() -> int:
    """A PYTHONHASHSEED that differs from this process's, so str hashes differ between the two."""
    ours = os.environ.get("PYTHONHASHSEED", "")
    return int(ours) + 1 if ours.isdigit() else 1  # unset: this process's seed is random


@kata("core", "failure")
def test_every_process_routes_keys_the_same_way() -> None:
    """A client in another process (another hash seed) sends every key to the same nodes."""
    ring = solution.HashRing(NODES, vnodes=20)
    here = [ring.get_nodes(f"user:{i}", 2) for i in range(200)]
    seed = another_hash_seed()
    there = in_fresh_process("consistent_hashing", ASSIGN, hash_seed=seed)
    assert json.loads(there) == here


# --- rebalance ------------------------------------------------------------------------------


@kata("rebalance", "example")
def test_adding_a_node_moves_about_its_share() -> None:
    """Adding a 6th node moves about 1/6 of the keys, all of them to the new node."""
    ring = solution.HashRing(NODES)
    before = assignment(ring)
    ring.add_node("cache-new")
    after = assignment(ring)
    moved = [key for key in KEYS if before[key] != after[key]]
    assert 0.08 * len(KEYS) <= len(moved) <= 0.3 * len(KEYS)
    assert {after[key] for key in moved} == {"cache-new"}


@kata("rebalance", "example")
def test_removing_a_node_moves_only_its_keys() -> None:
    """Removing a node moves exactly the keys it owned, spread over the remaining nodes."""
    ring = solution.HashRing(NODES)
    before = assignment(ring)
    ring.remove_node("cache-2")
    after = assignment(ring)
    moved = {key for key in KEYS if before[key] != after[key]}
    assert moved == {key for key in KEYS if before[key] == "cache-2"}
    assert len({after[key] for key in moved}) == 4


@kata("rebalance", "property")
@settings(max_examples=20)
@given(node=st.text(alphabet="abcdefgh-", min_size=1, max_size=8))
def test_add_then_remove_restores_every_assignment(node: str) -> None:
    """Adding a node and removing it again puts every key back where it was."""
    ring = solution.HashRing(NODES)
    before = assignment(ring, KEYS[:400])
    ring.add_node(node)
    ring.remove_node(node)
    assert assignment(ring, KEYS[:400]) == before


# --- balance --------------------------------------------------------------------------------


@kata("balance", "example")
def test_virtual_nodes_spread_keys_evenly() -> None:
    """With 200 virtual nodes each, 10 nodes each hold close to a tenth of the keys."""
    ring = solution.HashRing([f"node-{i}" for i in range(10)], vnodes=200)
    loads = Counter(assignment(ring, [f"k{i}" for i in range(20_000)]).values())
    mean = 20_000 / 10
    assert len(loads) == 10
    assert max(loads.values()) < 1.35 * mean
    assert min(loads.values()) > 0.65 * mean


@kata("balance", "example")
def test_a_new_node_takes_load_from_every_node() -> None:
    """With virtual nodes, a new node takes keys from many nodes, not just one neighbour."""
    ring = solution.HashRing(NODES, vnodes=100)
    before = assignment(ring)
    ring.add_node("cache-new")
    after = assignment(ring)
    donors = {before[key] for key in KEYS if after[key] == "cache-new"}
    assert donors == set(NODES)


@kata("balance", "perf")
def test_lookup_is_logarithmic_in_ring_size() -> None:
    """get_node is a binary search: 100x the ring points costs far less than 100x the time."""

    def prepare(nodes: int) -> Callable[[], object]:
        ring = solution.HashRing([f"n{i}" for i in range(nodes)], vnodes=1)
        keys = KEYS[:300]
        return lambda: [ring.get_node(key) for key in keys]

    assert growth_ratio(prepare, 40, 4_000, repeats=3) < 6


# --- replicas -------------------------------------------------------------------------------


@kata("replicas", "example")
def test_replicas_are_distinct_and_start_at_the_owner() -> None:
    """get_nodes returns n distinct physical nodes, the first being get_node's answer."""
    ring = solution.HashRing(NODES, vnodes=50)
    for key in KEYS[:300]:
        replicas = ring.get_nodes(key, 3)
        assert len(replicas) == 3
        assert len(set(replicas)) == 3
        assert replicas[0] == ring.get_node(key)


@kata("replicas", "edge")
def test_more_replicas_than_nodes_gives_each_node_once() -> None:
    """Asking for more replicas than there are nodes returns every node exactly once."""
    ring = solution.HashRing(["a", "b"], vnodes=20)
    replicas = ring.get_nodes("k", 5)
    assert sorted(replicas) == ["a", "b"]


@kata("replicas", "edge")
def test_replica_count_must_be_positive() -> None:
    """get_nodes with n < 1 is a ValueError; on an empty ring, a LookupError."""
    ring = solution.HashRing(["a"])
    for n in (0, -1):
        with pytest.raises(ValueError):
            ring.get_nodes("k", n)
    with pytest.raises(LookupError):
        solution.HashRing().get_nodes("k", 2)


@kata("replicas", "example")
def test_losing_a_replica_keeps_the_others() -> None:
    """A node leaving changes only the replica lists it was in: its place goes to the next node."""
    ring = solution.HashRing(NODES, vnodes=50)
    before = {key: ring.get_nodes(key, 3) for key in KEYS[:300]}
    ring.remove_node("cache-1")
    for key, old in before.items():
        new = ring.get_nodes(key, 3)
        if "cache-1" not in old:
            assert new == old
        else:
            assert new[:2] == [node for node in old if node != "cache-1"]
            assert len(set(new)) == 3


@kata("replicas", "property")
@settings(max_examples=40)
@given(key=st.text(alphabet="ab:-_0129xyzé", max_size=10), n=st.integers(1, 7))
def test_replica_lists_are_prefixes_of_each_other(key: str, n: int) -> None:
    """get_nodes(key, n) is distinct, min(n, nodes) long, and a prefix of get_nodes(key, n + 1)."""
    ring = solution.HashRing(NODES, vnodes=10)
    shorter, longer = ring.get_nodes(key, n), ring.get_nodes(key, n + 1)
    assert len(shorter) == min(n, len(NODES)) == len(set(shorter))
    assert longer[: len(shorter)] == shorter


class CountedName(str):
    """A node name that counts every comparison and hash made with it."""

    uses = 0

    def __eq__(self, other: object) -> bool:
        CountedName.uses += 1
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        CountedName.uses += 1
        return str.__ne__(self, other)

    def __hash__(self) -> int:
        CountedName.uses += 1
        return str.__hash__(self)


@kata("replicas", "perf")
def test_replica_lookup_walks_only_a_few_points() -> None:
    """get_nodes(key, 3) walks a few points past the binary search, not the whole ring."""
    ring = solution.HashRing([CountedName(f"n{i}") for i in range(2_000)], vnodes=2)
    CountedName.uses = 0
    for key in KEYS[:50]:
        assert len(ring.get_nodes(key, 3)) == 3
    # Choosing 3 distinct owners touches a handful of names per lookup; walking all 4,000
    # points touches thousands.
    assert CountedName.uses < 50 * 200
