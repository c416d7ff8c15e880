"""Mutant: downgrade() runs without checking the history first.

category: edge
Undoing with edited or unknown down scripts runs SQL the database never agreed to.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {"        self.verify()\n        # Newest first": "        # Newest first"},
)
