"""Mutant: `nodes` returns the ring's own mutable set instead of a frozenset snapshot.

category: example
A caller that adds to or discards from what it got changes the ring's membership behind its back.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "consistent_hashing",
    {
        "        return frozenset(self._nodes)\n": (
            "        return self._nodes  # type: ignore[return-value]\n"
        )
    },
)
