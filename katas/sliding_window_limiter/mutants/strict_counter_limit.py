"""Mutant: the counter admits only while estimate + 1 < limit.

category: example
A request that would bring the estimate to exactly the limit is rejected.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {"+ 1 <= self.limit:": "+ 1 < self.limit:"},
)
