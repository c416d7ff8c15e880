"""Mutant: the slug pattern is matched at the start only, so a slug with a bad tail is accepted.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(), "id_generator_and_shortener", {"not _SLUG.fullmatch(slug)": "not _SLUG.match(slug)"}
)
