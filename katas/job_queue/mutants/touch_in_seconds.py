"""Mutant: touch extends the deadline by visibility_timeout read as milliseconds, not seconds.

category: clock
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "job_queue",
    {
        "deadline = self._now_ms() + round(self.visibility_timeout * 1000)": (
            "deadline = self._now_ms() + round(self.visibility_timeout)"
        )
    },
)
