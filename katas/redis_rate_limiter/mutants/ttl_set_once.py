"""Mutant: the TTL is set when the key is created and never extended by later calls.

category: edge
A key first used lightly, then drained, expires before it has refilled.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "redis_rate_limiter",
    {
        "redis.call('PEXPIRE',": "if state[1] == false then redis.call('PEXPIRE',",
        "* 1000)))": "* 1000))) end",
    },
)
