"""Mutant: retry_after waits for the newest logged request to leave instead of the oldest.

category: clock
With requests spread over the window the caller is told to wait far longer than needed.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {"return self._log[0] + self.window - now": "return self._log[-1] + self.window - now"},
)
