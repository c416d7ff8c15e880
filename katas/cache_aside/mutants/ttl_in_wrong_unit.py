"""Mutant: the TTL in seconds is passed to Redis as milliseconds (PX), so entries live 1000 times
shorter than asked.

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cache_aside",
    {
        "round(self.ttl * (1 - self.jitter * self._rand()) * 1000)": (
            "round(self.ttl * (1 - self.jitter * self._rand()))"
        ),
    },
)
