"""Mutant: an ambiguous provider timeout is recorded as a failed payment.

category: failure
The card may well have been charged, yet the client is told it failed, and every retry
replays that failure instead of finding the charge.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(),
    "idempotent_payments",
    {
        (
            "            receipt = self._provider.charge(request, idempotency_key)\n"
            "        except Exception:\n"
        ): (
            "            receipt = self._provider.charge(request, idempotency_key)\n"
            "        except ProviderTimeout:\n"
            '            receipt = {"status": "failed", "reason": "provider timeout"}\n'
            "        except Exception:\n"
        ),
    },
)
