"""Mutant: when Redis is down the payment goes ahead without the idempotency guard.

category: failure
During an outage every retry charges the card again.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        'raise StoreUnavailable(f"idempotency store unreachable: {exc}") from exc': (
            "return self._provider.charge(request, idempotency_key)"
        ),
        (
            'raise StoreUnavailable(f"charged, but the receipt was not stored: {exc}") from exc'
        ): "return self._provider.charge(request, idempotency_key)",
    },
)
