"""Mutant: one point per node, whatever vnodes says.

category: example
Arcs differ wildly in length, so some nodes hold several times their share.
"""

from __future__ import annotations

from reference import consistent_hashing as reference

__all__ = ["HashRing"]


class HashRing(reference.HashRing):
    def _node_points(self, node: str) -> list[int]:
        return [reference.stable_hash(node)]
