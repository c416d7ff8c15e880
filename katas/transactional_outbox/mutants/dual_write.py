"""Mutant: the order commits first, and its event is written in a second transaction.

category: failure
A failure between the two (a crash, a full disk) leaves an order whose event is never published.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "            order_id = int(cursor.lastrowid or 0)\n": (
            "            order_id = int(cursor.lastrowid or 0)\n"
            '            self._conn.execute("COMMIT")\n'
            '            self._conn.execute("BEGIN IMMEDIATE")\n'
        ),
    },
)
