"""Mutant: any URL starting with "http" is accepted, scheme or not.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "id_generator_and_shortener",
    {'if not url.startswith(("http://", "https://")):': 'if not url.startswith("http"):'},
)
