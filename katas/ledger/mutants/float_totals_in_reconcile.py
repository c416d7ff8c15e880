"""Mutant: reconciliation sums entries with SQLite's total(), which adds in floating point.

category: edge
Past 2**53 cents the sums round, so exact books report mismatches and real ones can hide.
"""

from grading.testkit.mutation import mutate

mutate(globals(), "ledger", {"coalesce(sum(e.amount), 0)": "total(e.amount)"})
