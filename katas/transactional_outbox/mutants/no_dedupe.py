"""Mutant: the consumer applies every delivery; nothing is deduplicated.

category: failure
At-least-once delivery then means at-least-once effects: a relay crash ships an order twice.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "INSERT INTO processed_events": "INSERT OR IGNORE INTO processed_events",
    },
)
