"""Mutant: progress is written to the store only when the saga finishes.

category: failure
A restarted orchestrator knows nothing of the steps already done and runs them all again.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "        self.store[_PREFIX + saga_id] = json.dumps(state)\n": (
            '        if state["status"] in (COMPLETED, COMPENSATED, FAILED):\n'
            "            self.store[_PREFIX + saga_id] = json.dumps(state)\n"
        ),
    },
)
