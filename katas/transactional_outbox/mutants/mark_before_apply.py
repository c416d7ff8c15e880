"""Mutant: the consumer commits the dedupe mark, then runs the handler in another transaction.

category: failure
A handler that fails leaves the event marked as applied: the redelivery is dropped, the effect lost.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "                return False\n            self._handler(self._conn, event)\n": (
            "                return False\n"
            '            self._conn.execute("COMMIT")\n'
            '            self._conn.execute("BEGIN IMMEDIATE")\n'
            "            self._handler(self._conn, event)\n"
        ),
    },
)
