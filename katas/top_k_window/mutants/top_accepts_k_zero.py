"""Mutant: top() only checks the upper bound of k, so k=0 or a negative k returns a list.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(), "top_k_window", {"        if not 1 <= k <= self.k:\n": "        if k > self.k:\n"}
)
