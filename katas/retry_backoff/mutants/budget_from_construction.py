"""Mutant: the deadline is measured from when the Retry was created, not from each call().

category: clock
A Retry kept for the life of a service has spent its budget after the first few seconds.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "retry_backoff",
    {
        "        self._clock = clock or time.monotonic\n": (
            "        self._clock = clock or time.monotonic\n        self._start = self._clock()\n"
        ),
        "        start = self._clock()\n": "        start = self._start\n",
    },
)
