"""The one marker that ties a kata test to its graded part and category."""

from __future__ import annotations

import pytest


def kata(part: str, category: str) -> pytest.MarkDecorator:
    """`@kata("core", "edge")`: shorthand for `@pytest.mark.kata(part=..., category=...)`."""
    return pytest.mark.kata(part=part, category=category)
