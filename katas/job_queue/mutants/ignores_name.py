"""Mutant: keys ignore the queue name, so two queues on one Redis share their jobs.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "job_queue",
    {
        'self._keys = {k: f"{name}:{k}" for k in keys}': (
            'self._keys = {k: f"queue:{k}" for k in keys}'
        )
    },
)
