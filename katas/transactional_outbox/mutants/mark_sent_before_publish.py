"""Mutant: the relay marks an event sent, then publishes it.

category: failure
When the publish fails the event is already marked sent: it is never published at all.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        (
            '            self._conn.execute("UPDATE outbox SET sent_at = ? WHERE seq'
            ' = ?", (time.time(), seq))\n'
            "            published += 1\n"
        ): "            published += 1\n",
        "        for seq, event_id, topic, payload in rows:\n": (
            "        for seq, event_id, topic, payload in rows:\n"
            '            self._conn.execute("UPDATE outbox SET sent_at = ? WHERE seq'
            ' = ?", (time.time(), seq))\n'
        ),
    },
)
