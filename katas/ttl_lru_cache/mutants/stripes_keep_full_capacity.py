"""Mutant: every stripe gets the whole capacity, so the striped cache holds up to
`stripes * capacity` entries.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "ttl_lru_cache",
    {"TTLCache(capacity // stripes, default_ttl, clock)": "TTLCache(capacity, default_ttl, clock)"},
)
