"""Mutant: the fingerprint sorts the request's top-level fields only, not those of nested objects.

category: edge
A retry whose nested metadata comes in another field order is rejected as a reused key.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        'body = json.dumps(request, sort_keys=True, separators=(",", ":"))': (
            "body = json.dumps(sorted(request.items()))"
        )
    },
)
