"""Data structures: consistent_hashing, streaming_median, bloom_filter and top_k_frequent against
uhashring, sortedcontainers.SortedList, pybloom-live and collections.Counter."""

from __future__ import annotations

import collections
import random
import threading
from typing import Any

from grading.bench.measure import (
    SEED,
    Comparison,
    Entry,
    Run,
    collect,
    load_library,
    load_reference,
)

MEDIAN_OPS = 20_000
WINDOW = 1_000
BLOOM_ITEMS = 20_000
BLOOM_FP_RATE = 0.01
TOP_K = 10
RING_OPS = 20_000
RING_NODES = [f"cache-{i:02d}" for i in range(10)]
RING_VNODES = 160
TOP_K_KEYS = 20_000
TOP_K_QUERIES = 5


# -- streaming_median ----------------------------------------------------------------------------


def _values() -> list[float]:
    rng = random.Random(SEED + 40)
    return [rng.gauss(100.0, 15.0) for _ in range(MEDIAN_OPS)]


def _sorted_median(items: Any) -> float:
    size = len(items)
    middle = size // 2
    if size % 2:
        return float(items[middle])
    low: float = items[middle - 1]
    high: float = items[middle]
    return (low + high) / 2


def streaming_median() -> list[Entry]:
    values = _values()

    def running() -> list[Entry]:
        reference = load_reference("streaming_median")
        sortedcontainers = load_library("sortedcontainers", "sortedcontainers")

        def ref() -> Run:
            finder = reference.MedianFinder()

            def run() -> float:
                add, median = finder.add, finder.median
                total = 0.0
                for value in values:
                    add(value)
                    total += median()
                return total

            return run

        def lib() -> Run:
            items = sortedcontainers.SortedList()

            def run() -> float:
                add = items.add
                total = 0.0
                for value in values:
                    add(value)
                    total += _sorted_median(items)
                return total

            return run

        library = "sortedcontainers.SortedList"
        note = "MedianFinder: add, then median, per value"
        return [Comparison("streaming_median", library, MEDIAN_OPS, ref, lib, True, note=note)]

    def window() -> list[Entry]:
        reference = load_reference("streaming_median")
        sortedcontainers = load_library("sortedcontainers", "sortedcontainers")

        def ref() -> Run:
            finder = reference.WindowMedian(WINDOW)

            def run() -> float:
                add, median = finder.add, finder.median
                total = 0.0
                for value in values:
                    add(value)
                    total += median()
                return total

            return run

        def lib() -> Run:
            items = sortedcontainers.SortedList()

            def run() -> float:
                add, remove = items.add, items.remove
                total = 0.0
                for index, value in enumerate(values):
                    add(value)
                    if index >= WINDOW:
                        remove(values[index - WINDOW])
                    total += _sorted_median(items)
                return total

            return run

        def locked() -> Run:
            items = sortedcontainers.SortedList()
            lock = threading.Lock()

            def run() -> float:
                add, remove = items.add, items.remove
                total = 0.0
                for index, value in enumerate(values):
                    with lock:
                        add(value)
                        if index >= WINDOW:
                            remove(values[index - WINDOW])
                    with lock:
                        total += _sorted_median(items)
                return total

            return run

        note = f"WindowMedian({WINDOW}): add, then median, per value"
        why = (
            "SortedList is not thread-safe and deletes the value leaving the window in place "
            "(a bisect into short sorted lists); a heap cannot delete, so the reference tracks "
            "each value's side, drops stale entries lazily and takes a lock per call. With the "
            "same lock the two are level (the + Lock row)."
        )
        return [
            Comparison(
                "streaming_median",
                "SortedList, add + remove",
                MEDIAN_OPS,
                ref,
                lib,
                True,
                note=note,
                why=why,
            ),
            Comparison(
                "streaming_median",
                "SortedList + Lock",
                MEDIAN_OPS,
                ref,
                locked,
                True,
                note="the same, a threading.Lock around each step",
                why=(
                    "Under the same lock the two are level, within this machine's noise: the "
                    "heaps push and pop in C (heapq), SortedList edits short lists in Python."
                ),
            ),
        ]

    return [
        *collect("streaming_median", "sortedcontainers.SortedList", running),
        *collect("streaming_median", "SortedList, add + remove", window),
    ]


# -- bloom_filter --------------------------------------------------------------------------------


def _bloom_items() -> tuple[list[str], list[str]]:
    rng = random.Random(SEED + 50)
    present = [f"user:{rng.getrandbits(64):016x}" for _ in range(BLOOM_ITEMS)]
    absent = [f"item:{rng.getrandbits(64):016x}" for _ in range(BLOOM_ITEMS)]
    return present, absent


def _bloom_run(bloom: Any, present: list[str], absent: list[str]) -> tuple[int, int]:
    """Add every present item, then ask for all of them and for as many absent ones."""
    add = bloom.add
    for item in present:
        add(item)
    found = sum(item in bloom for item in present)
    false_positives = sum(item in bloom for item in absent)
    return found, false_positives


def bloom_filter() -> list[Entry]:
    library = "pybloom-live BloomFilter"

    def build() -> list[Entry]:
        reference = load_reference("bloom_filter")
        pybloom = load_library("pybloom_live", "pybloom-live")
        present, absent = _bloom_items()

        def ref_filter() -> Any:
            return reference.BloomFilter(BLOOM_ITEMS, BLOOM_FP_RATE)

        def lib_filter() -> Any:
            return pybloom.BloomFilter(capacity=BLOOM_ITEMS, error_rate=BLOOM_FP_RATE)

        # Quality first, untimed: every present item found, and the false-positive rate.
        rates = []
        for make in (ref_filter, lib_filter):
            found, false_positives = _bloom_run(make(), present, absent)
            if found != len(present):
                raise AssertionError(f"a bloom filter lost {len(present) - found} items")
            rates.append(false_positives / len(absent))
        note = (
            f"add {BLOOM_ITEMS:,}, look up {BLOOM_ITEMS:,} in and {BLOOM_ITEMS:,} out; "
            f"false positives {rates[0]:.2%} vs {rates[1]:.2%} (target {BLOOM_FP_RATE:.0%})"
        )

        def ref() -> Run:
            bloom = ref_filter()
            return lambda: _bloom_run(bloom, present, absent)

        def lib() -> Run:
            bloom = lib_filter()
            return lambda: _bloom_run(bloom, present, absent)

        why = (
            "pybloom-live keeps its bits in bitarray, a C extension: setting or testing a bit is "
            "one C call. The reference stays on the standard library, a bytearray with the bit "
            "arithmetic done in Python for each of the k positions; it is the closer of the two "
            "to its false-positive target."
        )
        ops = 3 * BLOOM_ITEMS
        return [Comparison("bloom_filter", library, ops, ref, lib, note=note, why=why)]

    return collect("bloom_filter", library, build)


# -- consistent_hashing and top_k_frequent ---------------------------------------------------------


def consistent_hashing() -> list[Entry]:
    library = "uhashring.HashRing"

    def build() -> list[Entry]:
        reference = load_reference("consistent_hashing")
        uhashring = load_library("uhashring", "uhashring")
        rng = random.Random(SEED + 70)
        keys = [f"session:{rng.getrandbits(48):012x}" for _ in range(RING_OPS)]

        def ref() -> Run:
            ring = reference.HashRing(RING_NODES, vnodes=RING_VNODES)
            return lambda: len({ring.get_node(key) for key in keys})

        def lib() -> Run:
            ring = uhashring.HashRing(nodes=RING_NODES, vnodes=RING_VNODES)
            return lambda: len({ring.get_node(key) for key in keys})

        note = f"get_node(key), {len(RING_NODES)} nodes x {RING_VNODES} vnodes"
        return [Comparison("consistent_hashing", library, RING_OPS, ref, lib, True, note=note)]

    return collect("consistent_hashing", library, build)


def top_k_frequent() -> list[Entry]:
    library = "collections.Counter.most_common"

    def build() -> list[Entry]:
        reference = load_reference("top_k_frequent")
        rng = random.Random(SEED + 60)
        # Requests per address, Zipf-like (a few heavy clients, a long tail), in random order.
        addresses = [f"10.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}" for i in range(TOP_K_KEYS)]
        ranked = [(ip, 1 + int(1_000_000 / (rank + 1) ** 1.1)) for rank, ip in enumerate(addresses)]
        rng.shuffle(ranked)
        counts = collections.Counter(dict(ranked))

        def ref() -> Run:
            return lambda: [reference.top_k(counts, TOP_K) for _ in range(TOP_K_QUERIES)][-1]

        def lib() -> Run:
            return lambda: [counts.most_common(TOP_K) for _ in range(TOP_K_QUERIES)][-1]

        note = f"top {TOP_K} of {TOP_K_KEYS:,} counts; ops are counts scanned"
        why = (
            "Counter.most_common is heapq.nlargest, a loop in C, and keeps ties in insertion "
            "order; the reference loops in Python and wraps each count that can enter the top k "
            "in an object whose __lt__ breaks ties by address, so the answer is deterministic."
        )
        ops = TOP_K_KEYS * TOP_K_QUERIES
        return [Comparison("top_k_frequent", library, ops, ref, lib, True, note=note, why=why)]

    return collect("top_k_frequent", library, build)


def comparisons() -> list[Entry]:
    return [*consistent_hashing(), *streaming_median(), *bloom_filter(), *top_k_frequent()]
