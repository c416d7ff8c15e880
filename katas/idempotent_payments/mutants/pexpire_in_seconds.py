"""Mutant: the Redis TTL is given to PEXPIRE in seconds, so Redis drops a record after 86 s.

category: edge
A retry a few minutes later finds no record and charges again (with a provider that does not
dedupe, or past its window).
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "ttl_ms = int(max(self._ttl, self._lease) * 1000)": (
            "ttl_ms = int(max(self._ttl, self._lease))"
        )
    },
)
