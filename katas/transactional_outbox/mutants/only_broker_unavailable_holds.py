"""Mutant: the relay stops only on BrokerUnavailable; any other broker error escapes relay_once.

category: failure
A broker that fails with another exception (a timeout, a refusal) crashes the relay loop.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "transactional_outbox",
    {
        "            except Exception:\n                # Stop here": (
            "            except BrokerUnavailable:\n                # Stop here"
        )
    },
)
