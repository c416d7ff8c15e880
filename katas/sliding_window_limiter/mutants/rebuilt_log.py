"""Mutant: the log is rebuilt by filtering every timestamp on every call.

category: perf
Each call costs O(limit) instead of amortised O(1).
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {
        "        while self._log and self._log[0] <= now - self.window:\n"
        "            self._log.popleft()": (
            "        self._log = deque(t for t in self._log if t > now - self.window)"
        ),
    },
)
