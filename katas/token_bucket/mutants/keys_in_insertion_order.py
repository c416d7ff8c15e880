"""Mutant: KeyedLimiter keeps keys in first-use order, so the idle sweep stops at a busy old key.

category: perf
One key in steady use since the start keeps every idle key behind it alive: memory grows forever.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "token_bucket",
    {"entry = self._buckets.pop(key, None)": "entry = self._buckets.get(key)"},
)
