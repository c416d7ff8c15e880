"""Mutant: signatures are compared with compare_digest on str, as parsed from the header.

category: edge
compare_digest raises TypeError for str with non-ASCII characters: a garbage header from
anyone on the internet crashes the receiver instead of being refused.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "hmac.compare_digest(expected.encode(), candidate.encode())": (
            "hmac.compare_digest(expected, candidate)"
        )
    },
)
