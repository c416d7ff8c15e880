"""Mutant: reconciliation joins accounts to entries with an inner join.

category: edge
An account with no entries drops out, so a stored balance set by hand on it goes unnoticed.
"""

from grading.testkit.mutation import mutate

mutate(globals(), "ledger", {" LEFT JOIN entries e": " JOIN entries e"})
