"""Mutant: the webhook HMAC covers the body parsed and re-serialised as JSON, not its raw bytes.

category: edge
Bodies that differ byte for byte verify alike, a non-JSON body cannot be signed, and a
receiver hashing the raw bytes never agrees.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        'message = f"{timestamp}.".encode() + body': (
            'message = f"{timestamp}.".encode()'
            " + json.dumps(json.loads(body), sort_keys=True).encode()"
        )
    },
)
