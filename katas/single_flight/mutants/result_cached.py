"""Mutant: a successful call is never removed, so its result is served forever (a cache, not a
single flight).

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "single_flight",
    {
        "            with self._lock:\n                del self._calls[key]\n": (
            "            if call.error is not None:\n"
            "                with self._lock:\n"
            "                    del self._calls[key]\n"
        ),
    },
)
