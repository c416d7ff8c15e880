"""Mutant: the leader's local lease takes lease_ms as seconds.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(globals(), "distributed_lock", {"self._lease = lease_ms / 1000": "self._lease = lease_ms"})
