"""Mutant: a cached value is tested for truthiness, so 0, "", [] and null count as misses.

category: edge
Keys whose value is falsy go to the store on every read.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cache_aside",
    {
        (
            '        # `is not None`: a cached 0, "" or null is a hit, not a miss.\n'
            "        if cached is not None:\n"
        ): "        if cached is not None and json.loads(cached):\n",
    },
)
