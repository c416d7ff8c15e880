"""Mutant: jitter is checked against [0, 1] instead of [0, 1), so a jitter of 1 (a TTL that can
shrink to nothing) is accepted.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(globals(), "cache_aside", {"if not 0 <= jitter < 1:": "if not 0 <= jitter <= 1:"})
