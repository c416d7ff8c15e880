"""Mutant: records never expire, neither by the clock nor by a Redis TTL.

category: clock
A key is remembered forever: storage grows without bound and an old key can never be reused.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "if rec[1] and tonumber(rec[4]) > now then": "if rec[1] then",
        "redis.call('PEXPIRE', key, ARGV[6])\n": "",
    },
)
