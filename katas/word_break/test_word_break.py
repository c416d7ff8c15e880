"""Hidden-style tests for the word break kata."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import growth_ratio
from grading.testkit.markers import kata

solution = load_solution("word_break")


def brute_force_count(s: str, words: frozenset[str]) -> int:
    """Every segmentation, tried by plain recursion: fine for the short strings hypothesis makes."""

    @cache
    def ways(start: int) -> int:
        if start == len(s):
            return 1
        return sum(ways(end) for end in range(start + 1, len(s) + 1) if s[start:end] in words)

    return ways(0)


# Short strings over a two-letter alphabet hit shared prefixes and dead ends all the time.
texts = st.text(alphabet="ab", max_size=12)
vocabularies = st.frozensets(st.text(alphabet="ab", min_size=1, max_size=4), max_size=6)

A_RUNS = ["a" * n for n in range(1, 11)]


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_string_made_of_words_can_be_segmented() -> None:
    """A string that is a run of dictionary words can be segmented, reusing words."""
    assert solution.can_segment("applepenapple", ["apple", "pen"]) is True
    assert solution.can_segment("leetcode", ["leet", "code"]) is True


@kata("core", "example")
def test_string_with_a_leftover_cannot_be_segmented() -> None:
    """A string whose every cut leaves a piece outside the dictionary cannot be segmented."""
    assert solution.can_segment("catsandog", ["cats", "dog", "sand", "and", "cat"]) is False


@kata("core", "edge")
def test_longest_prefix_first_is_not_enough() -> None:
    """Taking the longest matching word first can lead to a dead end that a shorter one avoids."""
    assert solution.can_segment("abcd", ["ab", "abc", "cd"]) is True
    assert solution.can_segment("aaab", ["aa", "aaa", "ab"]) is True


@kata("core", "edge")
def test_shortest_prefix_first_is_not_enough() -> None:
    """Taking the shortest matching word first can lead to a dead end that a longer one avoids."""
    assert solution.can_segment("aab", ["a", "aab"]) is True


@kata("core", "edge")
def test_empty_string_is_segmented_by_zero_words() -> None:
    """The empty string is always segmentable, even with an empty dictionary."""
    assert solution.can_segment("", []) is True
    assert solution.can_segment("", ["a"]) is True


@kata("core", "edge")
def test_empty_word_and_case_are_handled() -> None:
    """An empty word helps nothing (and must not loop); matching is case-sensitive."""
    assert solution.can_segment("x", ["", "y"]) is False
    assert solution.can_segment("Apple", ["apple"]) is False
    assert solution.can_segment("apple", ["", "apple"]) is True


@kata("core", "edge")
def test_words_may_be_a_one_pass_iterable() -> None:
    """The dictionary may be a generator, read only once, by every function."""
    words = ["pen", "pine", "apple", "pineapple"]
    assert solution.can_segment("penpineapple", (w for w in words)) is True
    assert solution.segment("penapple", (w for w in words)) == ["pen", "apple"]
    assert solution.count_segmentations("penpineapple", (w for w in words)) == 2


@kata("core", "property")
@settings(max_examples=40)
@given(s=texts, words=vocabularies)
def test_agrees_with_trying_every_cut(s: str, words: frozenset[str]) -> None:
    """can_segment is True exactly when some sequence of cuts gives only dictionary words."""
    assert solution.can_segment(s, sorted(words)) is (brute_force_count(s, words) > 0)


# --- segment --------------------------------------------------------------------------------


@kata("segment", "example")
def test_segment_returns_the_words_in_order() -> None:
    """segment() returns the words, in reading order, that make up the string."""
    assert solution.segment("applepenapple", ["apple", "pen"]) == ["apple", "pen", "apple"]


@kata("segment", "example")
def test_segment_returns_one_valid_segmentation() -> None:
    """With several segmentations, any one rebuilding the string from dictionary words is fine."""
    words = ["apple", "pen", "applepen", "pine", "pineapple"]
    pieces = solution.segment("pineapplepenapple", words)
    assert pieces is not None
    assert "".join(pieces) == "pineapplepenapple"
    assert all(piece in words for piece in pieces)


@kata("segment", "edge")
def test_segment_without_a_segmentation_is_none() -> None:
    """segment() returns None when there is no segmentation, and [] for the empty string."""
    assert solution.segment("catsandog", ["cats", "dog", "sand", "and", "cat"]) is None
    assert solution.segment("", ["a"]) == []


@kata("segment", "edge")
def test_segment_backs_out_of_a_dead_end() -> None:
    """segment() finds the one segmentation that needs a shorter first word than the longest."""
    assert solution.segment("abcd", ["ab", "abc", "cd"]) == ["ab", "cd"]


@kata("segment", "property")
@settings(max_examples=40)
@given(s=texts, words=vocabularies)
def test_segment_is_valid_whenever_one_exists(s: str, words: frozenset[str]) -> None:
    """segment() rebuilds the string from dictionary words, and is None only when none exists."""
    pieces = solution.segment(s, sorted(words))
    if brute_force_count(s, words) == 0:
        assert pieces is None
    else:
        assert pieces is not None
        assert "".join(pieces) == s
        assert all(piece in words for piece in pieces)


# --- count ----------------------------------------------------------------------------------


@kata("count", "example")
def test_count_of_two_readings() -> None:
    """count_segmentations counts every distinct way of cutting the string."""
    assert solution.count_segmentations("catsanddog", ["cat", "cats", "and", "sand", "dog"]) == 2
    words = ["apple", "pen", "applepen", "pine", "pineapple"]
    assert solution.count_segmentations("pineapplepenapple", words) == 3


@kata("count", "edge")
def test_count_corner_cases() -> None:
    """No segmentation counts 0; the empty string counts 1; an empty word adds no way."""
    assert solution.count_segmentations("catsandog", ["cats", "dog", "sand", "and", "cat"]) == 0
    assert solution.count_segmentations("", []) == 1
    assert solution.count_segmentations("ab", ["", "a", "b", "ab"]) == 2


@kata("count", "edge")
def test_duplicate_words_do_not_count_twice() -> None:
    """A word listed twice in the dictionary is still one word."""
    assert solution.count_segmentations("aa", ["a", "a", "aa", "aa"]) == 2


@kata("count", "edge")
def test_count_is_exact_however_large() -> None:
    """A count far beyond 64 bits and 2**53 comes back exact, not rounded or reduced."""
    expected = [1, 1]  # "a" * n with "a" and "aa": the Fibonacci numbers
    for _ in range(300):
        expected.append(expected[-1] + expected[-2])
    assert solution.count_segmentations("a" * 300, ["a", "aa"]) == expected[300]
    assert solution.count_segmentations("a" * 60, ["aa", "a", "aa"]) == expected[60]


@kata("count", "property")
@settings(max_examples=40)
@given(s=texts, words=vocabularies)
def test_count_agrees_with_trying_every_cut(s: str, words: frozenset[str]) -> None:
    """count_segmentations equals the number of segmentations found by trying every cut."""
    assert solution.count_segmentations(s, sorted(words)) == brute_force_count(s, words)


# --- scale ----------------------------------------------------------------------------------


def pathological(call: str) -> Callable[[int], Callable[[], object]]:
    """prepare(n) for "a" * n + "b" with every run of "a" up to 10 long as a word (no answer)."""

    def prepare(n: int) -> Callable[[], object]:
        text = "a" * n + "b"
        function = getattr(solution, call)
        return lambda: [function(text, A_RUNS) for _ in range(10)]

    return prepare


@kata("scale", "perf")
def test_pathological_input_is_not_exponential() -> None:
    """On "aaaa...ab" the work grows with the length, not with the number of ways to cut it."""
    assert growth_ratio(pathological("can_segment"), 4, 12, repeats=3) < 30


@kata("scale", "perf")
def test_pathological_segment_is_not_exponential() -> None:
    """segment() on "aaaa...ab" remembers dead ends instead of exploring them again."""
    assert growth_ratio(pathological("segment"), 4, 12, repeats=3) < 30


@kata("scale", "perf")
def test_pathological_count_is_not_exponential() -> None:
    """Counting on "aaaa...ab" neither enumerates the cuts nor re-explores dead ends."""
    assert growth_ratio(pathological("count_segmentations"), 4, 12, repeats=3) < 30


@kata("scale", "perf")
def test_a_long_text_does_not_hit_the_recursion_limit() -> None:
    """A text of 20,000 characters is answered by all three functions, however deep its cuts."""
    words = ["the", "then", "he", "hen", "a", "at", "ate", "tea", "eat", "hat", "heat"]
    text = "thenheatatehattea" * 1_200
    assert solution.can_segment(text, words) is True
    assert solution.can_segment(text + "x", words) is False
    pieces = solution.segment(text, words)
    assert pieces is not None and "".join(pieces) == text
    assert solution.count_segmentations(text[:170], words) > 0


@kata("scale", "perf")
def test_work_grows_linearly_with_the_text() -> None:
    """With short dictionary words, 20x the text costs about 20x the time, not 400x."""
    words = ["the", "then", "he", "hen", "a", "at", "ate", "tea", "eat", "hat", "heat"]

    def prepare(units: int) -> Callable[[], object]:
        text = "thenheatatehattea" * units
        return lambda: [solution.segment(text, words) for _ in range(3)]

    assert growth_ratio(prepare, 2, 40, repeats=3) < 150
