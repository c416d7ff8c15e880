"""Mutant: get() reads the value and the version with two separate queries.

category: concurrency
A write landing between them yields a record whose value belongs to another version: a torn read
that turns the next compare-and-set into a lost update.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "optimistic_locking",
    {
        "        return Record(key, json.loads(row[0]), int(row[1]))\n": (
            "        version = self._version(key)\n"
            "        if version is None:\n"
            "            raise KeyError(key)\n"
            "        return Record(key, json.loads(row[0]), version)\n"
        )
    },
)
