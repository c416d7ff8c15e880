"""Mutant: a popped heap item is trusted without checking the node's current expiry, so an entry
put again with a later expiry is dropped at its old one.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ttl_lru_cache",
    {" is node and node.expires_at == expires_at:": " is node:"},
)
