"""Mutant: top_k returns [] for empty counts before validating k, so k=0 is accepted there.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_frequent",
    {
        '    if k < 1:\n        raise ValueError(f"k must be at least 1, got {k}")\n    heap': (
            "    if not counts:\n        return []\n"
            '    if k < 1:\n        raise ValueError(f"k must be at least 1, got {k}")\n    heap'
        ),
        (
            '    if k < 1:\n        raise ValueError(f"k must be at least 1, got {k}")\n'
            "    return summarize"
        ): "    return summarize",
    },
)
