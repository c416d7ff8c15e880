"""Mutant: the window checks `size < 0`, so a window of size 0 is built instead of refused.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(globals(), "streaming_median", {"        if size < 1:\n": "        if size < 0:\n"})
