"""Mutant: addresses are validated but counted as written, so two spellings of one IPv6 split.

category: example
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "top_k_frequent",
    {
        "        return str(ipaddress.ip_address(fields[0]))": (
            "        ipaddress.ip_address(fields[0])\n        return fields[0]"
        )
    },
)
