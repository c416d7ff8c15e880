"""Mutant: only ConnectionError is answered by the failure policy; a timeout reaches the caller.

category: failure
A Redis that is slow rather than gone (redis.TimeoutError) fails the request.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(), "redis_rate_limiter", {"except redis.RedisError:": "except redis.ConnectionError:"}
)
