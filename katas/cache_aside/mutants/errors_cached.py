"""Mutant: a failed load is swallowed and cached as null.

category: failure
Callers get None instead of the error, and keep getting it until the entry expires.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cache_aside",
    {
        "        value = self._store.load(key)  # an error propagates and nothing is cached\n": (
            "        try:\n"
            "            value = self._store.load(key)\n"
            "        except Exception:\n"
            "            value = None\n"
        ),
    },
)
