"""Mutant: any exception from a step, BaseException included, is treated as a step failure.

category: failure
A process going down compensates a saga that should have resumed and completed.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "saga",
    {
        "except Exception as exc:": "except BaseException as exc:",
    },
)
