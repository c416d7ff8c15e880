"""Mutant: a failed attempt frees the key without checking it still holds the claim.

category: failure
An attempt overtaken after its lease that then fails deletes the new attempt's record, so the
next retry calls the provider again.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end\n"
        "return redis.call('DEL', KEYS[1])": "return redis.call('DEL', KEYS[1])"
    },
)
