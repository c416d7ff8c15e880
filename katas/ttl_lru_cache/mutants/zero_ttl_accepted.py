"""Mutant: only a negative ttl is refused; a ttl of 0 is stored (as an entry already expired).

category: edge
"""

from grading.testkit.mutation import mutate

mutate(globals(), "ttl_lru_cache", {"        if ttl <= 0:\n": "        if ttl < 0:\n"})
