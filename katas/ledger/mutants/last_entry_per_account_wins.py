"""Mutant: entries are folded into one delta per account by assignment, not by addition.

category: edge
An account with two entries in one transaction gets only the last one added to its balance.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {"deltas[account] = deltas.get(account, 0) + amount": "deltas[account] = amount"},
)
