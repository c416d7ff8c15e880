"""Backend Kata Kit: the runner, the pytest plugin and the test helpers behind the katas."""

__version__ = "0.1.0"
