"""Mutant: the relay skips an event the broker refused and carries on with the next ones.

category: failure
Later events overtake the refused one: consumers see them out of order.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        (
            "                # Stop here: this event and every later one wait for"
            " the next run, in order.\n"
            "                break\n"
        ): "                continue\n",
    },
)
