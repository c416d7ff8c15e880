"""Mutant: extend uses EXPIRE, so the new ttl_ms is read as seconds.

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "distributed_lock",
    {
        "return redis.call('PEXPIRE', KEYS[1], ARGV[2])": (
            "return redis.call('EXPIRE', KEYS[1], ARGV[2])"
        ),
    },
)
