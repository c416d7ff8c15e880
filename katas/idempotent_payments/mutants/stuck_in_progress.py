"""Mutant: a claim has no lease; a key claimed by a process that died stays in progress.

category: failure
After a crash between the charge and the completion, every retry gets RequestInProgress
until the key expires a day later.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "self._lease = lease_seconds": "self._lease = ttl_seconds",
    },
)
