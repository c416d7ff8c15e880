"""Mutant: the event is made public (committed to the outbox) before the order it announces.

category: failure
If the order then fails to commit, the broker announces an order that does not exist.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        (
            "            cursor = self._conn.execute(\n"
            '                "INSERT INTO orders (customer, amount) VALUES (?, ?)",'
            " (customer, amount)\n"
            "            )\n"
            "            order_id = int(cursor.lastrowid or 0)\n"
        ): (
            '            last = self._conn.execute("SELECT coalesce(max(id), 0) FROM'
            ' orders").fetchone()\n'
            "            order_id = int(last[0]) + 1\n"
        ),
        '                (event_id, "order_placed", json.dumps(payload)),\n            )\n': (
            '                (event_id, "order_placed", json.dumps(payload)),\n'
            "            )\n"
            '            self._conn.execute("COMMIT")\n'
            '            self._conn.execute("BEGIN IMMEDIATE")\n'
            "            self._conn.execute(\n"
            '                "INSERT INTO orders (id, customer, amount) VALUES (?, ?, ?)",\n'
            "                (order_id, customer, amount),\n"
            "            )\n"
        ),
    },
)
