"""Mutant: SpaceSaving never drops the stale entries of its lazy heap.

category: perf
One entry is pushed per add: memory grows with the stream, not with k.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "heavy_hitters",
    {
        ("            if len(self._heap) > 4 * self.k:"): ("            if False:"),
    },
)
