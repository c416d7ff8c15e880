"""Mutant: the signature covers the body only; the timestamp beside it is not signed.

category: edge
An attacker replays an old body and signature under a fresh timestamp, and it passes.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        (
            "    # The timestamp is signed with the body: it cannot be swapped for a"
            " fresh one.\n"
            '    message = f"{timestamp}.".encode() + body\n'
        ): "    message = body\n",
    },
)
