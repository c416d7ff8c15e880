"""Mutant: the webhook timestamp is checked against the past only.

category: clock
A signature dated in the future stays valid until that future plus the tolerance.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {"if abs(now - timestamp) > tolerance:": "if now - timestamp > tolerance:"},
)
