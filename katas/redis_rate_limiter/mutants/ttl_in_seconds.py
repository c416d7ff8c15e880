"""Mutant: the key's TTL is computed in seconds but set with PEXPIRE, which takes milliseconds.

category: edge
A drained bucket's key vanishes a thousand times too early, and the client gets a full bucket.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "redis_rate_limiter",
    {"math.ceil((capacity - tokens) / rate * 1000)": "math.ceil((capacity - tokens) / rate)"},
)
