"""Mutant: only empty strings count as blank, so a file's "\\n" lines are counted as malformed.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(globals(), "top_k_frequent", {"        if not line.strip():\n": "        if not line:\n"})
