"""Mutant: the log's retry_after reads and prunes the log without the lock.

category: concurrency
A retry_after racing an acquire can prune or read the log halfway through the acquire's update.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "sliding_window_limiter",
    {
        (
            "    def retry_after(self) -> float:\n"
            "        with self._lock:\n"
            "            now = self._clock()\n"
            "            self._prune(now)\n"
            "            if len(self._log) < self.limit:\n"
            "                return 0.0\n"
            "            # The oldest logged request leaves the window at its time + window.\n"
            "            return self._log[0] + self.window - now\n"
        ): (
            "    def retry_after(self) -> float:\n"
            "        now = self._clock()\n"
            "        self._prune(now)\n"
            "        if len(self._log) < self.limit:\n"
            "            return 0.0\n"
            "        return self._log[0] + self.window - now\n"
        ),
    },
)
