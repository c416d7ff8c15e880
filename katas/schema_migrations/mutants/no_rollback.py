"""Mutant: the script starts a transaction, but a failure is never rolled back.

category: failure
The failed migration's first statements stay pending in an open transaction, holding the write
lock, and the next commit on the connection makes them permanent.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {
        "            if self._conn.in_transaction:\n                self._conn.rollback()\n": "",
        (
            "            if up and self._stored_checksum(migration.id) == digest:\n"
            "                return False  # another process applied it while we"
            " waited for the lock\n"
        ): "",
    },
)
