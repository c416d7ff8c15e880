"""Mutant: amounts may be floats; only the sum is checked (with a tolerance).

category: edge
0.1 + 0.2 != 0.3: balances drift by fractions of a cent that no one can account for.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {
        (
            "        if isinstance(amount, bool) or not isinstance(amount, int):\n"
            '            raise TypeError(f"{account}: amounts are integer minor'
            ' units, got {amount!r}")\n'
        ): "",
        "sum(amount for _, amount in legs) != 0": "abs(sum(amount for _, amount in legs)) > 1e-9",
    },
)
