"""Mutant: balance() sums the account's entries on every call instead of reading the stored balance.

category: perf
Correct while the books agree, but a hot account with millions of entries costs a scan per read.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        '"SELECT balance FROM accounts WHERE id = ?", (account_id,)': (
            '"SELECT (SELECT coalesce(sum(amount), 0) FROM entries WHERE account_id = a.id)"'
            ' " FROM accounts a WHERE a.id = ?", (account_id,)'
        )
    },
)
