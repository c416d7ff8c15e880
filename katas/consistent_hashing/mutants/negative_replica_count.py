"""Mutant: get_nodes rejects n == 0 only; a negative n returns every node.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(globals(), "consistent_hashing", {"        if n < 1:\n": "        if n == 0:\n"})
