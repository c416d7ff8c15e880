"""Mutant: the script updates the bucket, and the client sets the TTL with a second command.

category: perf
Two round trips per decision instead of one (and a crash between them leaves a key without TTL).
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "redis_rate_limiter",
    {
        "redis.call('PEXPIRE',": "-- set by the client: ",
        "        tokens = float(raw_tokens)\n": (
            "        tokens = float(raw_tokens)\n"
            "        ttl = max(1, math.ceil((self.capacity - tokens) / self.rate * 1000))\n"
            '        self._client.pexpire(f"{self._prefix}:{key}", ttl)\n'
        ),
    },
)
