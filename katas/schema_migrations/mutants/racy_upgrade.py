"""Mutant: each migration is one transaction, but the plan is never re-checked under the lock.

category: concurrency
Two processes that both saw a migration pending both run it; the second fails ("table already
exists") or applies a data migration twice.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {
        "INSERT INTO schema_migrations (id, checksum) VALUES": (
            "INSERT OR REPLACE INTO schema_migrations (id, checksum) VALUES"
        ),
        (
            "            if up and self._stored_checksum(migration.id) == digest:\n"
            "                return False  # another process applied it while we"
            " waited for the lock\n"
        ): "",
    },
)
