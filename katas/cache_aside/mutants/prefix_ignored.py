"""Mutant: the `prefix` argument is ignored: every instance writes under "cache:", so two caches
with different prefixes on one Redis read each other's entries.

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cache_aside",
    {
        'return [f"{self._prefix}:data:{key}", f"{self._prefix}:version:{key}"]': (
            'return [f"cache:data:{key}", f"cache:version:{key}"]'
        ),
    },
)
