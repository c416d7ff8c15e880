"""Mutant: the fencing token is taken with INCR first, then the lock with SET NX PX.

A process paused between the two commands gets the lock after someone who took a later
token, so tokens no longer follow the order locks were granted and the store refuses the
current holder.

category: failure
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "distributed_lock",
    {
        'fence = self._acquire(keys=[self.name, f"{self.name}:fence"], '
        "args=[token, self.ttl_ms])\n        if fence is None:": (
            'fence = self.client.incr(f"{self.name}:fence")\n'
            "        if not self.client.set(self.name, token, nx=True, px=self.ttl_ms):"
        ),
    },
)
