"""Mutant: every recorded result rebuilds the window by filtering all the outcomes it holds.

category: perf
Each call costs O(calls in the window) instead of amortised O(1).
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "circuit_breaker",
    {
        "            while self._outcomes[0][0] <= now - self.window:\n"
        "                self._failures -= self._outcomes.popleft()[1]\n": (
            "            self._outcomes = deque(\n"
            "                (t, f) for t, f in self._outcomes if t > now - self.window\n"
            "            )\n"
            "            self._failures = sum(f for _, f in self._outcomes)\n"
        ),
    },
)
