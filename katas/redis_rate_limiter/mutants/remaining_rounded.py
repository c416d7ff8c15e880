"""Mutant: `remaining` is the token count rounded to the nearest whole token.

category: edge
With 0.75 of a token left the client is told one more request will pass; it will not.
"""

from grading.testkit.mutation import mutate

mutate(globals(), "redis_rate_limiter", {"remaining=math.floor(tokens)": "remaining=round(tokens)"})
