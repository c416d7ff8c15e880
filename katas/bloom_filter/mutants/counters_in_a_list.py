"""Mutant: the counting filter keeps its counters in a list of ints, not a byte per slot.

category: perf
Right answers, but each slot costs a pointer (8 bytes) instead of one byte.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "bloom_filter",
    {
        "        self._counts = bytearray(self.num_bits)\n": (
            "        self._counts = [0] * self.num_bits\n"
        )
    },
)
