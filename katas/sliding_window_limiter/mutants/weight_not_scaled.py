"""Mutant: the previous window's weight uses seconds into the current window, not a fraction.

category: clock
Right only when the window is one second long; with a minute-long window the weight is wrong.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {"elapsed = now / self.window - self._index": "elapsed = now - self._index * self.window"},
)
