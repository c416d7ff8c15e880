"""Mutant: a purge drops at most one expired entry per call, so entries that expire together
linger (and are counted) until later calls.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ttl_lru_cache",
    {"        while self._expiry and self._expired(": "        if self._expiry and self._expired("},
)
