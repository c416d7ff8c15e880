"""Mutant: words match whatever their case ("York" segments with "york").

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "word_break",
    {
        "            if cut[start] != -1 and s[start:end] in vocabulary:\n": (
            "            if cut[start] != -1 and s[start:end].lower() in"
            " {w.lower() for w in vocabulary}:\n"
        ),
    },
)
