"""Mutant: entries are used as given, so plain (id, up, down) tuples have no .id.

category: example
The statement accepts plain tuples; reading migration.id off a tuple raises AttributeError.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {"migration = Migration(*entry)": "migration = entry  # type: ignore[assignment]"},
)
