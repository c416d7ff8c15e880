"""Mutant: callers() looks the key up twice without the lock, so a call that ends in between
makes it raise KeyError.

category: concurrency
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "single_flight",
    {
        (
            "        with self._lock:\n"
            "            call = self._calls.get(key)\n"
            "            return call.callers if call is not None else 0\n"
        ): (
            "        if key in self._calls:\n"
            "            return self._calls[key].callers\n"
            "        return 0\n"
        ),
    },
)
