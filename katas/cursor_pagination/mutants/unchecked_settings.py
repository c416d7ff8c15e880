"""Mutant: the constructor accepts an empty secret and any default and maximum limits.

category: edge
An empty HMAC key signs nothing anyone could not forge; default_limit > max_limit is nonsense.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "cursor_pagination",
    {
        (
            "        if not secret:\n"
            '            raise ValueError("the secret must not be empty")\n'
            "        if not 1 <= default_limit <= max_limit:\n"
            '            raise ValueError(f"need 1 <= default_limit <= max_limit,'
            ' got {default_limit=}")\n'
        ): ""
    },
)
