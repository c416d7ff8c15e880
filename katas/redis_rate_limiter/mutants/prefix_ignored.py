"""Mutant: the `prefix` argument is ignored; every limiter writes under "ratelimit:".

category: example
Two limiters with different prefixes (a login limit and an API limit) share one bucket per key.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "redis_rate_limiter",
    {'keys=[f"{self._prefix}:{key}"]': 'keys=[f"ratelimit:{key}"]'},
)
