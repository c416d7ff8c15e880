"""Mutant: the request body is compared only while a record is completed or its lease is live.

category: failure
After a crash, a different request sent with the same key takes the expired claim over and is
charged under a key that belongs to another payment.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "    if rec[2] ~= fingerprint then return {'reused'} end\n": (
            "    if rec[2] ~= fingerprint and (rec[1] == 'completed' or tonumber(rec[3]) > now)"
            " then\n        return {'reused'}\n    end\n"
        )
    },
)
