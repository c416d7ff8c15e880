"""Mutant: retry_after does not drop the timestamps that left the window before answering.

category: clock
After a quiet spell a full but stale log gives a negative wait instead of 0.0.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {
        "            self._prune(now)\n            if len(self._log) < self.limit:\n"
        "                return 0.0": (
            "            if len(self._log) < self.limit:\n                return 0.0"
        ),
    },
)
