"""Mutant: the script is given the time in whole seconds.

category: clock
Refill moves in one-second steps: a burst just before a second boundary is refilled just after it.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "redis_rate_limiter",
    {"args=[self.capacity, self.rate, now, n]": "args=[self.capacity, self.rate, int(now), n]"},
)
