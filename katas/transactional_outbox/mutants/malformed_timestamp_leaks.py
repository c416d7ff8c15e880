"""Mutant: a non-numeric t= in the header raises ValueError instead of InvalidSignature.

category: edge
A garbage header from the internet must be refused as a bad signature, not crash the receiver.
"""

from grading.testkit.mutation import mutate

mutate(
    globals(), "transactional_outbox", {'if name == "t" and value.isdigit():': 'if name == "t":'}
)
