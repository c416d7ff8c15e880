"""Mutant: the counter's windows start when the counter is created, not at multiples of window.

category: clock
Window k must cover [k * window, (k + 1) * window); these are shifted by the creation time.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {
        "self._index = math.floor(self._clock() / window)": (
            "self._origin = self._clock()\n        self._index = 0"
        ),
        "index = math.floor(now / self.window)": (
            "index = math.floor((now - self._origin) / self.window)"
        ),
        "elapsed = now / self.window - self._index": (
            "elapsed = (now - self._origin) / self.window - self._index"
        ),
    },
)
