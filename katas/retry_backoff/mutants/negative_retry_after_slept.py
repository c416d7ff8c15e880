"""Mutant: a Retry-After already in the past (negative) is passed to sleep as it is.

category: edge
time.sleep raises ValueError on a negative wait; the retry dies instead of retrying at once.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(), "retry_backoff", {"delay = max(0.0, error.retry_after)": "delay = error.retry_after"}
)
