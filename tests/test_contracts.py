"""Every promise a kata's statement and stub make has a test, and every test holds a promise."""

from __future__ import annotations

import pytest

from grading.metadata import all_katas
from tests.contracts import CONTRACT_FILE, contract_path, load_contract, public_api
from tests.support import collect

KATAS = all_katas()


def function_names(kata) -> set[str]:
    return {t.nodeid.split("::")[-1].split("[")[0] for t in collect(kata).collected}


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_contract_maps_promises_to_existing_tests(kata) -> None:
    assert contract_path(kata).is_file(), f"{kata.slug}: add {CONTRACT_FILE}"
    promises = load_contract(kata)
    assert promises, f"{kata.slug}/{CONTRACT_FILE}: no promise listed"
    ids = [p.id for p in promises]
    assert len(ids) == len(set(ids)), f"{kata.slug}/{CONTRACT_FILE}: promise ids repeat"
    existing = function_names(kata)
    for promise in promises:
        assert promise.tests, f"{kata.slug}: promise {promise.id!r} has no test"
        gone = set(promise.tests) - existing
        assert not gone, f"{kata.slug}: promise {promise.id!r} names missing tests {sorted(gone)}"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_every_test_holds_a_promise(kata) -> None:
    listed = {name for p in load_contract(kata) for name in p.tests}
    orphans = function_names(kata) - listed
    assert not orphans, f"{kata.slug}/{CONTRACT_FILE}: tests in no promise: {sorted(orphans)}"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_every_public_name_of_the_stub_is_promised(kata) -> None:
    covered = {name for p in load_contract(kata) for name in p.api}
    missing = public_api(kata) - covered
    assert not missing, f"{kata.slug}/{CONTRACT_FILE}: no promise names {sorted(missing)}"
    unknown = covered - public_api(kata)
    assert not unknown, f"{kata.slug}/{CONTRACT_FILE}: the stub declares no {sorted(unknown)}"
