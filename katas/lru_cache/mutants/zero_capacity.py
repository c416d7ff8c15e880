"""Mutant: only a negative capacity is refused; a cache of capacity 0 is accepted.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(globals(), "lru_cache", {"if capacity < 1:": "if capacity < 0:"})
