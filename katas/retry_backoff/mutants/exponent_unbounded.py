"""Mutant: base * 2**retry is computed before the cap, with no bound on the exponent.

category: edge
A long-running retry loop reaches retry 1024 and 2.0**retry overflows: OverflowError.
"""

from grading.testkit.mutation import mutate

mutate(globals(), "retry_backoff", {"2.0 ** min(retry, 1000)": "2.0**retry"})
