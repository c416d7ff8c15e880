"""Mutant: retry_after rounds the wait up to whole seconds, as an HTTP header would.

category: example
A wait of a fraction of a second is reported as a full second or more.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "token_bucket",
    {
        "return max(0.0, self._last - now) + missing / self.rate": (
            "return float(math.ceil(max(0.0, self._last - now) + missing / self.rate))"
        )
    },
)
