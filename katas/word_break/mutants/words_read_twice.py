"""Mutant: the words are iterated twice (once for the lengths, once for the set).

category: edge
Given a generator, the second pass finds it empty: no word is known.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "word_break",
    {
        (
            "    vocabulary = frozenset(word for word in words if word)\n"
            "    return sorted({len(word) for word in vocabulary}), vocabulary\n"
        ): (
            "    lengths = sorted({len(word) for word in words if word})\n"
            "    return lengths, frozenset(word for word in words if word)\n"
        ),
    },
)
