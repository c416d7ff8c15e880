"""Mutant: downgrade() accepts a negative target.

category: edge
A target below 0 is a caller's bug; it is refused with ValueError rather than treated as 0.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "schema_migrations",
    {
        '            raise ValueError(f"target must be 0 or more, got {target}")\n': (
            "            pass\n"
        )
    },
)
