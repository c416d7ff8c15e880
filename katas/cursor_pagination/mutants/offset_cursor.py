"""Mutant: the cursor is a (signed) offset, and pages are read with LIMIT ... OFFSET.

category: edge
Rows inserted or deleted before the cursor shift the next page: duplicates and skips.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        (
            "        if cursor is None:\n"
            "            rows = self._conn.execute(FIRST_PAGE_QUERY, (limit + 1,)).fetchall()\n"
            "        else:\n"
            "            created_at, last_id = self._decode(cursor)\n"
            "            rows = self._conn.execute(PAGE_QUERY, (created_at, last_id,"
            " limit + 1)).fetchall()\n"
        ): (
            "        offset = 0 if cursor is None else self._decode(cursor)[0]\n"
            '        query = FIRST_PAGE_QUERY + "OFFSET ?"\n'
            "        rows = self._conn.execute(query, (limit + 1, offset)).fetchall()\n"
        ),
        "self._encode(last.created_at, last.id)": "self._encode(offset + limit, 0)",
    },
)
