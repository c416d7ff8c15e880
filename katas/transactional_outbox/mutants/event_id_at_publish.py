"""Mutant: the event id is made up when the relay publishes, not stored with the event.

category: failure
An event published twice (after a relay crash) carries two ids, so consumers apply it twice.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "Event(event_id, topic,": "Event(uuid.uuid4().hex, topic,",
    },
)
