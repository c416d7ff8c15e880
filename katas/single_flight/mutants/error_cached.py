"""Mutant: a failed call stays in the dict, so later callers get the old exception forever.

category: failure
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "single_flight",
    {
        "            with self._lock:\n                del self._calls[key]\n": (
            "            if call.error is None:\n"
            "                with self._lock:\n"
            "                    del self._calls[key]\n"
        ),
    },
)
