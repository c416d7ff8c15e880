"""Mutant: the digest is keyed with a random salt drawn when the module loads.

category: failure
Every filter in one process agrees, but a filter saved by one process misses items in the next.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "bloom_filter",
    {
        "import struct\n": "import os\nimport struct\n\n_SALT = os.urandom(16)\n",
        "    digest = hashlib.blake2b(data, digest_size=16).digest()\n": (
            "    digest = hashlib.blake2b(data, digest_size=16, key=_SALT).digest()\n"
        ),
    },
)
