"""Mutant: the checksum is Python's hash() of the up script.

category: edge
hash() of a str is salted per process: the next deploy (a new process) sees every applied
migration as edited.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {'hashlib.sha256(migration.up.encode("utf-8")).hexdigest()': "str(hash(migration.up))"},
)
