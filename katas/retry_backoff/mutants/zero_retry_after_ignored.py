"""Mutant: a Retry-After of 0 is tested for truth, so it is treated as absent.

category: edge
The server said "now"; the client waits a jittered backoff instead.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "retry_backoff",
    {"and error.retry_after is not None:": "and error.retry_after:"},
)
