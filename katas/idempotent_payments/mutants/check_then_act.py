"""Mutant: the key is looked up, then claimed, in two separate Redis calls.

category: concurrency
Simultaneous duplicates all see no record, all claim the key and all charge the card.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        "if rec[1] and tonumber(rec[4]) > now then": "if false then",
        "        reply = self._claim_script(keys=[key], args=args)\n": (
            "        record = {_text(k): _text(v) for k, v in"
            " self._store.hgetall(key).items()}\n"
            '        if record and float(record["expires_at"]) > now:\n'
            '            if record["fingerprint"] != fingerprint:\n'
            '                return "reused", None\n'
            '            if record["state"] == "completed":\n'
            '                return "completed", record["response"]\n'
            '            if float(record["lease_until"]) > now:\n'
            '                return "in_progress", None\n'
            "        reply = self._claim_script(keys=[key], args=args)\n"
        ),
    },
)
