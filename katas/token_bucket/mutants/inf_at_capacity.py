"""Mutant: retry_after says never for a request of exactly the capacity.

category: edge
n == capacity is possible once the bucket is full again; only n > capacity never is.
"""

from grading.testkit.mutation import mutate

mutate(globals(), "token_bucket", {"if n > self.capacity:": "if n >= self.capacity:"})
