"""Mutant: len() counts the entries by walking the linked list, so it costs O(n), not O(1).

category: perf
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "lru_cache",
    {
        "            return len(self._map)\n": (
            "            count, node = 0, self._head.next\n"
            "            while node is not self._tail:\n"
            "                count, node = count + 1, node.next\n"
            "            return count\n"
        ),
    },
)
