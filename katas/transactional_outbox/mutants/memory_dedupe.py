"""Mutant: each consumer remembers the ids it applied in memory (a set).

category: concurrency
Other consumer processes, and this one after a restart, know nothing of them.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "        self._handler = handler\n": (
            "        self._handler = handler\n        self._seen: set[str] = set()\n"
        ),
        (
            "            try:\n"
            "                self._conn.execute(\n"
            '                    "INSERT INTO processed_events (event_id) VALUES'
            ' (?)", (event.event_id,)\n'
            "                )\n"
            "            except sqlite3.IntegrityError:\n"
        ): "            if event.event_id in self._seen:\n",
        '        self._conn.execute("COMMIT")\n        return True\n': (
            '        self._conn.execute("COMMIT")\n'
            "        self._seen.add(event.event_id)\n"
            "        return True\n"
        ),
    },
)
