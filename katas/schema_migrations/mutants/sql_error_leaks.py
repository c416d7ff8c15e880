"""Mutant: a failing migration's sqlite3.Error propagates as is, not as MigrationError.

category: failure
Callers catching MigrationError miss the failure of the migration itself.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {
        (
            '            raise MigrationError(f"migration {migration.id} ({direction})'
            ' failed: {exc}") from exc\n'
        ): "            raise\n"
    },
)
