"""Hidden-style tests for the top K frequent IPs kata."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import peak_memory
from grading.testkit.markers import kata

solution = load_solution("top_k_frequent")


def line(ip: str, path: str = "/", status: int = 200) -> str:
    """One access-log line in the common log format, newline included."""
    return f'{ip} - - [10/Oct/2025:13:55:36 +0000] "GET {path} HTTP/1.1" {status} 512\n'


def log(*pairs: tuple[str, int]) -> list[str]:
    """A log with `count` lines for each (ip, count), interleaved."""
    lines: list[str] = []
    remaining = dict(pairs)
    while remaining:
        for ip in list(remaining):
            lines.append(line(ip, f"/item/{remaining[ip]}"))
            remaining[ip] -= 1
            if not remaining[ip]:
                del remaining[ip]
    return lines


# Keys that sort differently as text than by length or by their position here.
KEYS = ["b", "a", "ab", "ba", "c", "aa", "cab", "bc", "ca", "abc", "cb", "bac", "acb", "cc"]


def model(ips: list[str], k: int) -> list[tuple[str, int]]:
    return sorted(Counter(ips).items(), key=lambda item: (-item[1], item[0]))[:k]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_top_three_addresses_most_first() -> None:
    """The k busiest addresses come back with their counts, busiest first."""
    lines = log(("10.0.0.1", 3), ("10.0.0.2", 7), ("10.0.0.3", 1), ("10.0.0.4", 5))
    assert solution.top_k_ips(lines, 3) == [("10.0.0.2", 7), ("10.0.0.4", 5), ("10.0.0.1", 3)]


@kata("core", "example")
def test_top_k_ranks_a_mapping_of_counts() -> None:
    """top_k ranks any mapping of counts: the most frequent, not the least."""
    counts = {"a": 4, "b": 9, "c": 1, "d": 6, "e": 2}
    assert solution.top_k(counts, 2) == [("b", 9), ("d", 6)]
    assert solution.top_k(counts, 1) == [("b", 9)]


@kata("core", "edge")
def test_ties_are_ordered_by_address() -> None:
    """Equal counts are listed by address, smallest first."""
    lines = log(("10.0.0.9", 2), ("10.0.0.3", 2), ("10.0.0.5", 2), ("10.0.0.1", 4))
    assert solution.top_k_ips(lines, 4) == [
        ("10.0.0.1", 4),
        ("10.0.0.3", 2),
        ("10.0.0.5", 2),
        ("10.0.0.9", 2),
    ]


@kata("core", "edge")
def test_a_tie_at_the_cut_keeps_the_smaller_address() -> None:
    """When a tie straddles position k, the smaller addresses make the cut, whatever the order."""
    counts = {f"10.0.0.{i}": 5 for i in range(9, 0, -1)}
    counts["10.0.1.0"] = 8
    assert solution.top_k(counts, 3) == [("10.0.1.0", 8), ("10.0.0.1", 5), ("10.0.0.2", 5)]


@kata("core", "edge")
def test_k_beyond_the_distinct_addresses_returns_them_all() -> None:
    """k larger than the number of distinct addresses returns every address, ranked."""
    lines = log(("192.0.2.1", 2), ("192.0.2.2", 3))
    assert solution.top_k_ips(lines, 10) == [("192.0.2.2", 3), ("192.0.2.1", 2)]
    assert solution.top_k({"x": 1}, 5) == [("x", 1)]


@kata("core", "edge")
def test_empty_log_and_bad_k() -> None:
    """An empty log has an empty top; k below 1 is a ValueError, with or without data."""
    assert solution.top_k_ips([], 3) == []
    for k in (0, -2):
        with pytest.raises(ValueError):
            solution.top_k_ips(log(("192.0.2.1", 1)), k)
        with pytest.raises(ValueError):
            solution.top_k({"x": 1}, k)
        with pytest.raises(ValueError):
            solution.top_k_ips([], k)
        with pytest.raises(ValueError):
            solution.top_k({}, k)
        with pytest.raises(ValueError):
            solution.summarize([]).top(k)
        with pytest.raises(ValueError):
            solution.top_k_across([solution.summarize(log(("192.0.2.1", 1)))], k)
        with pytest.raises(ValueError):
            solution.top_k_across([], k)


@kata("core", "property")
@settings(max_examples=40)
@given(
    ips=st.lists(st.sampled_from([f"10.0.0.{i}" for i in range(1, 13)]), max_size=40),
    k=st.integers(1, 15),
)
def test_agrees_with_counting_and_sorting_everything(ips: list[str], k: int) -> None:
    """The answer equals sorting every (address, count) by count down, address up, and slicing."""
    assert solution.top_k_ips([line(ip) for ip in ips], k) == model(ips, k)


@kata("core", "property")
@settings(max_examples=50)
@given(
    counts=st.dictionaries(st.sampled_from(KEYS), st.integers(1, 6), max_size=12),
    k=st.integers(1, 12),
)
def test_top_k_agrees_with_a_full_sort(counts: dict[str, int], k: int) -> None:
    """top_k on any counts equals a full sort by count down, key up, cut at k."""
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    assert solution.top_k(counts, k) == expected


# --- malformed ------------------------------------------------------------------------------


@kata("malformed", "edge")
def test_malformed_lines_are_skipped_and_counted() -> None:
    """Lines whose first field is not an IP address are counted as malformed, not as clients."""
    lines = [
        line("203.0.113.7"),
        "garbage without an address\n",
        line("256.1.1.1"),
        line("203.0.113.7"),
        '- - - [10/Oct/2025:13:55:36 +0000] "GET / HTTP/1.1" 400 0\n',
        line("1.2.3"),
    ]
    summary = solution.summarize(lines)
    assert summary.malformed == 4
    assert dict(summary.counts) == {"203.0.113.7": 2}
    assert solution.top_k_ips(lines, 5) == [("203.0.113.7", 2)]


@kata("malformed", "edge")
def test_blank_lines_are_neither_clients_nor_errors() -> None:
    """Blank lines (the end of a file) are ignored: not counted and not malformed."""
    summary = solution.summarize(["\n", line("198.51.100.4"), "   \n", ""])
    assert summary.malformed == 0
    assert dict(summary.counts) == {"198.51.100.4": 1}


@kata("malformed", "example")
def test_ipv6_clients_are_counted_in_canonical_form() -> None:
    """IPv6 clients count too, two spellings of one address being one client."""
    lines = [line("2001:db8::1"), line("2001:0db8:0:0:0:0:0:1"), line("::1")]
    assert solution.top_k_ips(lines, 2) == [("2001:db8::1", 2), ("::1", 1)]


@kata("malformed", "edge")
def test_a_log_of_only_garbage() -> None:
    """A log with no valid line has an empty top and every line counted as malformed."""
    summary = solution.summarize(["oops\n", "not-an-ip x\n", "999.0.0.1 y\n"])
    assert summary.malformed == 3
    assert summary.top(3) == []


# --- streaming ------------------------------------------------------------------------------


def generated_log(lines: int, clients: int) -> Iterator[str]:
    """A log produced line by line, as reading a large file would: never all in memory."""
    for i in range(lines):
        yield line(f"10.1.{i % clients // 250}.{i % clients % 250}", f"/orders/{i}")


@kata("streaming", "perf")
def test_memory_follows_distinct_clients_not_lines() -> None:
    """2k lines from 40 clients are counted in memory for 40 clients, not 2k lines."""
    result: list[object] = []
    used = peak_memory(lambda: result.append(solution.top_k_ips(generated_log(2_000, 40), 3)))
    assert result[0] == [("10.1.0.0", 50), ("10.1.0.1", 50), ("10.1.0.10", 50)]
    assert used < 100_000  # 2k lines held at once take well over 200 kB


@kata("streaming", "perf")
def test_top_k_keeps_only_k_candidates() -> None:
    """Ranking 10k counts for k=3 holds about k candidates, not a sorted copy of all 10k."""
    counts = {f"10.2.{i // 250}.{i % 250}": i % 997 for i in range(10_000)}
    result: list[object] = []
    used = peak_memory(lambda: result.append(solution.top_k(counts, 3)))
    assert [count for _, count in result[0]] == [996, 996, 996]  # type: ignore[index]
    assert used < 200_000


@kata("streaming", "edge")
def test_the_log_is_read_in_one_pass() -> None:
    """The lines are an iterator that can be read once: one pass gives the whole answer."""
    once = iter(log(("192.0.2.8", 2), ("192.0.2.9", 1)))
    summary = solution.summarize(once)
    assert summary.top(2) == [("192.0.2.8", 2), ("192.0.2.9", 1)]
    assert next(once, None) is None


# --- sharded --------------------------------------------------------------------------------


@kata("sharded", "example")
def test_a_client_second_everywhere_can_be_first_overall() -> None:
    """Merging machines' logs: a client ranked just below k on every machine can top the total."""
    shards = [
        log(("10.9.0.1", 10), ("10.9.0.7", 6)),
        log(("10.9.0.2", 10), ("10.9.0.7", 6)),
        log(("10.9.0.3", 10), ("10.9.0.7", 6)),
    ]
    summaries = [solution.summarize(shard) for shard in shards]
    assert solution.top_k_across(summaries, 1) == [("10.9.0.7", 18)]


@kata("sharded", "edge")
def test_no_machines_or_empty_machines() -> None:
    """No machines, or machines with empty logs, give an empty top."""
    assert solution.top_k_across([], 3) == []
    assert solution.top_k_across([solution.summarize([]), solution.summarize([])], 3) == []


@kata("sharded", "property")
@settings(max_examples=40)
@given(
    shards=st.lists(
        st.lists(st.sampled_from([f"10.3.0.{i}" for i in range(1, 9)]), max_size=20),
        max_size=4,
    ),
    k=st.integers(1, 4),
)
def test_merged_top_equals_the_top_of_one_big_log(shards: list[list[str]], k: int) -> None:
    """Top K across machines equals the top K of all their logs put together."""
    summaries = [solution.summarize([line(ip) for ip in shard]) for shard in shards]
    everything = [ip for shard in shards for ip in shard]
    assert solution.top_k_across(summaries, k) == model(everything, k)
