"""Hidden-style tests for the id generator and URL shortener kata."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from unittest import mock

import pytest
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import growth_ratio, run_threads
from grading.testkit.markers import kata

solution = load_solution("id_generator_and_shortener")

EPOCH_MS = 1_577_836_800_000
START_MS = 1_767_225_600_000  # 2026-01-01T00:00:00Z


class MsClock:
    """Unix milliseconds, moved by the test. With `running`, every read moves it 1 ms on."""

    def __init__(self, now: int = START_MS) -> None:
        self.now = now
        self.running = False
        self.reads = 0
        self._lock = threading.Lock()

    def __call__(self) -> int:
        with self._lock:
            self.reads += 1
            value = self.now
            if self.running:
                self.now += 1
            return value

    def advance(self, ms: int) -> None:
        with self._lock:
            self.now += ms


BASE62 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def from_base62(text: str) -> int:
    number = 0
    for char in text:
        number = number * 62 + BASE62.index(char)
    return number


def layout(timestamp_ms: int, worker: int, sequence: int) -> int:
    return ((timestamp_ms - EPOCH_MS) << 22) | (worker << 12) | sequence


# --- snowflake ------------------------------------------------------------------------------


@kata("snowflake", "example")
def test_id_packs_timestamp_worker_and_sequence() -> None:
    """An id is (ms since the epoch) << 22 | worker << 12 | sequence."""
    generator = solution.SnowflakeGenerator(worker_id=5, clock=MsClock())
    assert generator.next_id() == layout(START_MS, 5, 0)
    assert generator.next_id() == layout(START_MS, 5, 1)


@kata("snowflake", "example")
def test_decompose_reads_the_fields_back() -> None:
    """decompose() returns the Unix-ms timestamp, the worker id and the sequence."""
    clock = MsClock()
    generator = solution.SnowflakeGenerator(worker_id=1023, clock=clock)
    generator.next_id()
    clock.advance(7)
    assert solution.decompose(generator.next_id()) == (START_MS + 7, 1023, 0)
    assert solution.decompose(layout(START_MS, 3, 4095)) == (START_MS, 3, 4095)


@kata("snowflake", "edge")
def test_ids_fit_in_a_signed_64_bit_integer() -> None:
    """Ids are positive and below 2**63, even for the largest worker id and sequence."""
    generator = solution.SnowflakeGenerator(worker_id=1023, clock=MsClock())
    ids = [generator.next_id() for _ in range(100)]
    assert all(0 < i < 2**63 for i in ids)


@kata("snowflake", "edge")
@pytest.mark.parametrize("worker", [-1, 1024, 5000])
def test_worker_id_out_of_range_is_rejected(worker: int) -> None:
    """A worker id outside 0..1023 is a ValueError."""
    with pytest.raises(ValueError):
        solution.SnowflakeGenerator(worker_id=worker, clock=MsClock())


@kata("snowflake", "edge")
def test_workers_never_collide() -> None:
    """Two workers in the same millisecond issue different ids."""
    clock = MsClock()
    a = solution.SnowflakeGenerator(worker_id=1, clock=clock)
    b = solution.SnowflakeGenerator(worker_id=2, clock=clock)
    ids = [g.next_id() for _ in range(50) for g in (a, b)]
    assert len(set(ids)) == 100


@kata("snowflake", "clock")
def test_sequence_restarts_each_millisecond() -> None:
    """The first id of every new millisecond has sequence 0."""
    clock = MsClock()
    generator = solution.SnowflakeGenerator(worker_id=0, clock=clock)
    for burst in (3, 1, 5, 2):
        ids = [generator.next_id() for _ in range(burst)]
        assert [solution.decompose(i)[2] for i in ids] == list(range(burst))
        clock.advance(1)


@kata("snowflake", "clock")
def test_sequence_overflow_waits_for_the_next_millisecond() -> None:
    """After 4096 ids in one millisecond, the next id waits for the clock to move on."""
    clock = MsClock()
    generator = solution.SnowflakeGenerator(worker_id=9, clock=clock)
    ids = [generator.next_id() for _ in range(4096)]
    clock.running = True  # from now on the clock moves as the generator waits on it
    following = generator.next_id()
    assert len(set(ids)) == 4096
    assert following > max(ids)
    timestamp, worker, sequence = solution.decompose(following)
    assert timestamp > START_MS
    assert (worker, sequence) == (9, 0)


@kata("snowflake", "clock")
def test_default_clock_is_unix_milliseconds() -> None:
    """Without a clock argument, ids carry the system time in Unix milliseconds."""
    # The monotonic clocks read something else entirely (time since boot): only Unix time fits.
    since_boot = {"monotonic": lambda: 5_000.0, "monotonic_ns": lambda: 5_000 * 10**9}
    with freeze_time("2026-01-01 00:00:00") as frozen, mock.patch.multiple(time, **since_boot):
        generator = solution.SnowflakeGenerator(worker_id=3)
        first = generator.next_id()
        frozen.tick(2)
        second = generator.next_id()
    assert solution.decompose(first) == (START_MS, 3, 0)
    assert solution.decompose(second) == (START_MS + 2_000, 3, 0)


@kata("snowflake", "property")
@settings(max_examples=50)
@given(steps=st.lists(st.tuples(st.integers(0, 2), st.integers(1, 6)), min_size=1, max_size=30))
def test_ids_increase_and_decompose(steps: list[tuple[int, int]]) -> None:
    """Over any schedule, ids increase and decode to the clock time and the count in that ms."""
    clock = MsClock()
    generator = solution.SnowflakeGenerator(worker_id=77, clock=clock)
    previous, issued_this_ms = -1, 0
    for wait, burst in steps:
        clock.advance(wait)
        if wait:
            issued_this_ms = 0
        for _ in range(burst):
            snowflake = generator.next_id()
            assert snowflake > previous
            assert solution.decompose(snowflake) == (clock.now, 77, issued_this_ms)
            issued_this_ms += 1
            previous = snowflake


# --- clock_rollback -------------------------------------------------------------------------


@kata("clock_rollback", "clock")
def test_clock_stepping_back_is_refused() -> None:
    """When the clock steps back, next_id raises ClockMovedBackwards instead of issuing an id."""
    clock = MsClock()
    generator = solution.SnowflakeGenerator(worker_id=1, clock=clock)
    generator.next_id()
    clock.advance(-5)
    with pytest.raises(solution.ClockMovedBackwards):
        generator.next_id()
    assert issubclass(solution.ClockMovedBackwards, RuntimeError)


@kata("clock_rollback", "clock")
def test_ids_resume_without_repeats_when_the_clock_catches_up() -> None:
    """After a refused step back, ids resume above every earlier id, with no repeated sequence."""
    clock = MsClock()
    generator = solution.SnowflakeGenerator(worker_id=1, clock=clock)
    before = [generator.next_id() for _ in range(3)]
    clock.advance(-2)
    for _ in range(2):
        with pytest.raises(solution.ClockMovedBackwards):
            generator.next_id()
        clock.advance(1)
    after = [generator.next_id() for _ in range(3)]
    assert min(after) > max(before)
    assert [solution.decompose(i)[2] for i in after] == [3, 4, 5]


# --- thread_safe ----------------------------------------------------------------------------


@kata("thread_safe", "concurrency")
def test_threads_sharing_a_generator_get_unique_ids() -> None:
    """4 threads drawing ids from one generator in the same millisecond never get a duplicate."""
    generator = solution.SnowflakeGenerator(worker_id=4, clock=MsClock())
    batches = run_threads(4, lambda _: [generator.next_id() for _ in range(25)])
    ids = [i for batch in batches for i in batch]
    assert len(set(ids)) == 100
    assert sorted(solution.decompose(i)[2] for i in ids) == list(range(100))


@kata("thread_safe", "concurrency")
def test_threads_across_milliseconds_get_unique_ids() -> None:
    """Threads drawing ids while the clock moves on still never get a duplicate."""
    clock = MsClock()
    generator = solution.SnowflakeGenerator(worker_id=4, clock=clock)

    def draw(index: int) -> list[int]:
        ids = []
        for j in range(20):
            if index == 0 and j % 5 == 0:
                clock.advance(1)
            ids.append(generator.next_id())
        return ids

    ids = [i for batch in run_threads(4, draw) for i in batch]
    assert len(set(ids)) == 80


# --- base62 ---------------------------------------------------------------------------------


@kata("base62", "example")
@pytest.mark.parametrize(
    ("number", "text"),
    [(0, "0"), (9, "9"), (10, "a"), (35, "z"), (36, "A"), (61, "Z"), (62, "10"), (3_843, "ZZ")],
)
def test_base62_digits_are_0_9_a_z_A_Z(number: int, text: str) -> None:
    """Base62 uses 0-9, then a-z, then A-Z, most significant digit first."""
    assert solution.base62_encode(number) == text
    assert solution.base62_decode(text) == number


@kata("base62", "property")
@given(number=st.integers(0, 2**64))
def test_base62_round_trips(number: int) -> None:
    """decode(encode(n)) == n for every non-negative n up to 64 bits."""
    assert solution.base62_decode(solution.base62_encode(number)) == number


@kata("base62", "edge")
def test_seven_characters_cover_ten_billion_links() -> None:
    """Seven base62 characters reach 62**7 - 1, far beyond 10 billion links."""
    assert solution.base62_encode(62**7 - 1) == "ZZZZZZZ"
    assert len(solution.base62_encode(10_000_000_000)) <= 7
    assert len(solution.base62_encode(62**7)) == 8


@kata("base62", "edge")
@pytest.mark.parametrize("text", ["", "abc!", "a b", "é"])
def test_base62_decode_rejects_foreign_characters(text: str) -> None:
    """Decoding an empty string or a character outside the alphabet is a ValueError."""
    with pytest.raises(ValueError):
        solution.base62_decode(text)


@kata("base62", "edge")
def test_base62_encode_rejects_negatives() -> None:
    """Encoding a negative number is a ValueError."""
    with pytest.raises(ValueError):
        solution.base62_encode(-1)


# --- shortener ------------------------------------------------------------------------------


@kata("shortener", "example")
def test_short_code_redirects_permanently() -> None:
    """A generated 7-character code redirects to its URL with a permanent 301."""
    shortener = solution.Shortener(clock=MsClock())
    code = shortener.shorten("https://example.com/a/long/path?q=1")
    assert len(code) == 7
    assert shortener.resolve(code) == solution.Redirect(301, "https://example.com/a/long/path?q=1")


@kata("shortener", "example")
def test_each_url_gets_its_own_code() -> None:
    """Generated codes are distinct, and each resolves to its own URL."""
    shortener = solution.Shortener(clock=MsClock())
    codes = [shortener.shorten(f"https://example.com/{i}") for i in range(200)]
    assert len(set(codes)) == 200
    assert all(len(code) == 7 for code in codes)
    assert shortener.resolve(codes[123]).location == "https://example.com/123"


@kata("shortener", "example")
def test_custom_slug_redirects_temporarily() -> None:
    """A custom slug resolves with a 302: it may be remapped, so browsers must not cache it."""
    shortener = solution.Shortener(clock=MsClock())
    assert shortener.shorten("https://example.com/event", slug="launch-2026") == "launch-2026"
    assert shortener.resolve("launch-2026") == solution.Redirect(302, "https://example.com/event")


@kata("shortener", "edge")
def test_taken_slug_is_a_clean_error() -> None:
    """Claiming a slug that is taken raises SlugTaken and leaves the first link untouched."""
    shortener = solution.Shortener(clock=MsClock())
    shortener.shorten("https://example.com/first", slug="promo")
    with pytest.raises(solution.SlugTaken):
        shortener.shorten("https://example.com/second", slug="promo")
    assert shortener.resolve("promo").location == "https://example.com/first"


@kata("shortener", "edge")
def test_generated_codes_are_a_left_padded_counter() -> None:
    """Generated codes are base62 of a counter, one step per link, padded with 0 on the left."""
    shortener = solution.Shortener(clock=MsClock())
    codes = [shortener.shorten(f"https://example.com/{i}") for i in range(70)]
    numbers = [from_base62(code) for code in codes]
    assert numbers == list(range(numbers[0], numbers[0] + 70)), "not one counter step per code"
    assert all(len(code) == 7 for code in codes)


@kata("shortener", "edge")
def test_http_urls_and_a_one_millisecond_ttl_are_accepted() -> None:
    """Plain http:// URLs are accepted like https://, and so is the smallest TTL, 1 ms."""
    clock = MsClock()
    shortener = solution.Shortener(clock=clock)
    plain = shortener.shorten("http://example.com/plain")
    assert shortener.resolve(plain) == solution.Redirect(301, "http://example.com/plain")
    brief = shortener.shorten("https://example.com/brief", ttl_ms=1)
    assert shortener.resolve(brief).status == 302
    clock.advance(1)
    with pytest.raises(solution.Gone):
        shortener.resolve(brief)


@kata("shortener", "edge")
def test_generated_codes_skip_slugs_already_taken() -> None:
    """A custom slug that looks like a future generated code is never handed out again."""
    shortener = solution.Shortener(clock=MsClock())
    first = shortener.shorten("https://example.com/1")
    upcoming = first[:-1] + solution.ALPHABET[solution.ALPHABET.index(first[-1]) + 1]
    shortener.shorten("https://example.com/mine", slug=upcoming)
    codes = [shortener.shorten(f"https://example.com/{i}") for i in range(5)]
    assert upcoming not in codes
    assert shortener.resolve(upcoming).location == "https://example.com/mine"


@kata("shortener", "edge")
@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("ftp://example.com", {}),
        ("example.com", {}),
        ("httpx://example.com", {}),
        ("http-example.com/path", {}),
        ("https://example.com", {"slug": "has space"}),
        ("https://example.com", {"slug": "x" * 33}),
        ("https://example.com", {"slug": ""}),
        ("https://example.com", {"ttl_ms": 0}),
        ("https://example.com", {"ttl_ms": -5}),
    ],
)
def test_bad_requests_are_rejected(url: str, options: dict[str, object]) -> None:
    """A non-http(s) URL, a malformed slug or a non-positive TTL is a ValueError."""
    with pytest.raises(ValueError):
        solution.Shortener(clock=MsClock()).shorten(url, **options)


@kata("shortener", "perf")
def test_shorten_stays_constant_time_as_links_grow() -> None:
    """shorten does O(1) work: 100x the stored links costs far less than 100x the time."""

    def prepare(links: int) -> Callable[[], object]:
        shortener = solution.Shortener(clock=MsClock())
        for i in range(links):  # custom slugs: quick to add, and codes must still skip them
            shortener.shorten(f"https://example.com/{i}", slug=f"s{i}")
        return lambda: [shortener.shorten("https://example.com/more") for _ in range(200)]

    assert growth_ratio(prepare, 100, 10_000, repeats=3) < 8


@kata("shortener", "edge")
def test_unknown_code_is_not_found() -> None:
    """Resolving a code nobody created raises NotFound."""
    with pytest.raises(solution.NotFound):
        solution.Shortener(clock=MsClock()).resolve("zzzzzzz")


@kata("shortener", "clock")
def test_expired_link_is_gone() -> None:
    """A link with a TTL redirects with a 302 until it expires, then raises Gone."""
    clock = MsClock()
    shortener = solution.Shortener(clock=clock)
    code = shortener.shorten("https://example.com/sale", ttl_ms=60_000)
    clock.advance(59_999)
    assert shortener.resolve(code) == solution.Redirect(302, "https://example.com/sale")
    clock.advance(1)
    with pytest.raises(solution.Gone):
        shortener.resolve(code)
    assert not issubclass(solution.Gone, solution.NotFound)
