"""Mutant: the deadline is checked only for backoff waits, not for a server's Retry-After.

category: clock
A server asking for an hour keeps a call with a five-second budget asleep for the hour.
"""

from grading.testkit.mutation import mutate

CHECK = "if self.deadline is not None and self._clock() - start + delay > self.deadline:"

mutate(
    globals(),
    "retry_backoff",
    {
        "                    delay = self.backoff(attempt)\n": (
            "                    delay = self.backoff(attempt)\n"
            f"                    {CHECK}\n"
            "                        raise\n"
            "                    self._sleep(delay)\n"
            "                    continue\n"
        ),
        f"                {CHECK}\n                    raise\n": "",
    },
)
