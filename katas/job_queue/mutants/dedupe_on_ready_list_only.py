"""Mutant: enqueue looks for a known id in the ready list only, not among reserved or retrying jobs.

category: edge
A producer retry while the job is in flight queues it a second time.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "job_queue",
    {
        "if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then\n    return 0\nend": (
            "if redis.call('LPOS', KEYS[1], ARGV[1]) then\n    return 0\nend\n"
            "redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])"
        )
    },
)
