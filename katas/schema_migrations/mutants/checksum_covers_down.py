"""Mutant: the checksum covers the down script as well as the up script.

category: edge
Fixing the undo of an applied migration is then refused as if its applied SQL had been edited.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {'migration.up.encode("utf-8")': '(migration.up + migration.down).encode("utf-8")'},
)
