"""Mutant: without an injected clock, cursors are stamped and checked with time.monotonic.

category: clock
A monotonic clock restarts with each process and differs between servers, so expiry is wrong
for a cursor that outlives its process or crosses servers.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {"self._clock = clock or time.time": "self._clock = clock or time.monotonic"},
)
