"""Mutant: IndexedHeap.remove moves the last key into the hole and only sifts it down.

category: edge
When the moved key ranks above the hole's new parent it must go up; left in place the heap order
breaks and peek()/pop() return the wrong key.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_window",
    {"            self.update(last)\n": "            self._down(index)\n"},
)
