"""Mutant: a rejected weighted request's wait is computed for one token, not n.

category: example
acquire(key, 3) is told to come back when one token is there, and is rejected again.
"""

from grading.testkit.mutation import mutate

mutate(globals(), "redis_rate_limiter", {"(n - tokens) / self.rate": "(1 - tokens) / self.rate"})
