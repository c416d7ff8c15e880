"""Mutant: the deadline budget counts only the sleeps, not the time spent in the calls.

category: clock
A slow dependency (each call near its own timeout) overruns the deadline several times over.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "retry_backoff",
    {
        "        start = self._clock()\n": "        slept = 0.0\n",
        "self._clock() - start + delay > self.deadline": "slept + delay > self.deadline",
        "                self._sleep(delay)\n": (
            "                slept += delay\n                self._sleep(delay)\n"
        ),
    },
)
