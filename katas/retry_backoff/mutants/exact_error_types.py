"""Mutant: is_retryable compares exception types exactly, so subclasses are not retried.

category: example
ConnectionResetError and BrokenPipeError are connection errors, and transient.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "retry_backoff",
    {
        "return isinstance(error, TimeoutError | ConnectionError)": (
            "return type(error) in (TimeoutError, ConnectionError)"
        )
    },
)
