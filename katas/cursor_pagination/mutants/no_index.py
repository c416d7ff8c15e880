"""Mutant: keyset queries without an index on (created_at, id).

category: perf
Every page, deep or not, sorts the whole table to find the rows after the cursor.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        "        conn.execute(INDEX)\n": (
            "        conn.execute(INDEX)\n"
            '        conn.execute("DROP INDEX items_by_created_at_id")\n'
        ),
    },
)
