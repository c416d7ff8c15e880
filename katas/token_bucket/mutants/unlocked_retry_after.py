"""Mutant: retry_after reads the token count and the refill time without the lock.

category: concurrency
A read between an acquire's two writes pairs refilled tokens with the old time, counting it twice.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "token_bucket",
    {
        "        with self._lock:\n"
        "            now = self._refill()\n"
        "            missing = n - self._tokens\n": "        if True:\n"
        "            now = self._clock()\n"
        "            elapsed = max(0.0, now - self._last)\n"
        "            missing = n - min(self.capacity, self._tokens + elapsed * self.rate)\n",
    },
)
