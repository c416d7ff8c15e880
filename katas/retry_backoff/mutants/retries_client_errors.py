"""Mutant: every HTTP error is retried, 4xx included.

category: failure
A 400 or a 404 is sent again and again and fails the same way each time.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "retry_backoff",
    {
        "        return error.status == 429 or 500 <= error.status <= 599\n": (
            "        return True\n"
        ),
    },
)
