"""Mutant: entries given as a mapping are iterated as if they were (account, amount) pairs.

category: example
Iterating a dict yields its keys, so post("t", {"alice": -5, "bob": 5}) fails or misreads them.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ledger",
    {"pairs = entries.items() if isinstance(entries, Mapping) else entries": "pairs = entries"},
)
