"""Mutant: the lock is set with EX, so ttl_ms is read as seconds.

A crashed holder blocks everyone 1000 times longer than asked.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "distributed_lock",
    {
        "'NX', 'PX', ARGV[2]": ("'NX', 'EX', ARGV[2]"),
    },
)
