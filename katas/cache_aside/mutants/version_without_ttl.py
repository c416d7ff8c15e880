"""Mutant: the per-key version that a write bumps is never given a TTL, so every key ever written
leaves a key in Redis forever.

category: edge
"""

from grading.testkit.mutation import mutate

mutate(globals(), "cache_aside", {"redis.call('PEXPIRE', KEYS[2], ARGV[1])\n": ""})
