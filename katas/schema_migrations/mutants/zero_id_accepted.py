"""Mutant: a migration id of 0 is accepted.

category: edge
Ids must be positive: 0 is the downgrade target meaning "nothing applied", never a migration.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {
        "if migration.id < 1 or migration.id in known:": (
            "if migration.id < 0 or migration.id in known:"
        )
    },
)
