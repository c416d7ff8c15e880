"""Mutant: ack reads the receipt with a separate HGET, then runs a script that removes the job.

category: concurrency
A stale worker's ack that checks before a redelivery and removes after it deletes the job the
new worker is running, so the job counts as done while it is still being worked on.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "job_queue",
    {
        "if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[2] then\n    return 0\nend\n"
        "redis.call('ZREM', KEYS[1], ARGV[1])": "redis.call('ZREM', KEYS[1], ARGV[1])",
        "    def ack(self, job: Job) -> bool:\n": "    def ack(self, job: Job) -> bool:\n"
        "        current = self.client.hget(self._keys['receipts'], job.id)\n"
        "        if current is None or _text(current) != job.receipt:\n"
        "            return False\n",
    },
)
