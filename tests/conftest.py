import pytest

# The kit's own tests run whole katas in subprocesses; the 2 s per-test limit is for kata tests.
KIT_TEST_TIMEOUT = 600


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.timeout(KIT_TEST_TIMEOUT))
