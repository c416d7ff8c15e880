"""Mutant: a link is still served at the very millisecond its expiry time is reached.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "id_generator_and_shortener",
    {"self._clock() >= link.expires_at_ms": "self._clock() > link.expires_at_ms"},
)
