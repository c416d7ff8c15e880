"""Mutant: a webhook exactly tolerance seconds old is refused.

category: clock
Only a timestamp MORE than tolerance seconds from now is refused: >= where > is due.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {"if abs(now - timestamp) > tolerance:": "if abs(now - timestamp) >= tolerance:"},
)
