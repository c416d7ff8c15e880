"""Mutant: the request body is not compared; a reused key replays the first receipt.

category: edge
A client that reuses a key for another payment silently gets the old receipt back.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "    if rec[2] ~= fingerprint then return {'reused'} end\n": "",
    },
)
