"""Mutant: each attempt sends the provider a fresh key instead of the client's key.

category: failure
A retry after a crash or an ambiguous timeout charges the card a second time.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "self._provider.charge(request, idempotency_key)": (
            "self._provider.charge(request, uuid.uuid4().hex)"
        ),
    },
)
