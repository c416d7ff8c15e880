"""Mutant: jitter is added to the TTL instead of taken off, so entries can outlive `ttl`.

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cache_aside",
    {"round(self.ttl * (1 - self.jitter": "round(self.ttl * (1 + self.jitter"},
)
