"""Mutant: only the first cache read is guarded; if Redis fails while the loaded value is being
written back, get() raises instead of returning the value it loaded.

category: failure
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cache_aside",
    {
        "        try:\n            seen = ": "        if True:\n            seen = ",
        "        except redis.RedisError:\n            pass\n": "",
    },
)
