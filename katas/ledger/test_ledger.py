"""Hidden-style tests for the double-entry ledger kata."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grading.solution import load_solution
from grading.testkit import run_threads
from grading.testkit.markers import kata
from grading.testkit.ramdisk import ram_tmpdir
from grading.testkit.sqlite import execute, rows

solution = load_solution("ledger")
T = TypeVar("T")


@pytest.fixture
def db() -> Iterator[Path]:
    """The ledger's SQLite file (RAM-backed: a commit costs no disk sync)."""
    with ram_tmpdir() as path:
        yield path / "ledger.db"


def books(db: Path, alice: int = 10_000) -> Any:
    """A ledger with the outside world (cash, may go negative), two customers, a merchant."""
    ledger = solution.Ledger(db)
    ledger.open_account("cash", allow_negative=True)
    for name in ("alice", "bob", "merchant", "fees"):
        ledger.open_account(name)
    if alice:
        ledger.transfer("deposit-alice", "cash", "alice", alice)
    return ledger


def as_process(db: Path, work: Callable[[Any], T]) -> T:
    """Run `work` on a Ledger of its own, opened and closed on the calling thread (a process)."""
    ledger = solution.Ledger(db)
    try:
        return work(ledger)
    finally:
        ledger.close()


def total(ledger: Any) -> int:
    return sum(ledger.balance(a) for a in ("cash", "alice", "bob", "merchant", "fees"))


# --- core -----------------------------------------------------------------------------------


@kata("core", "example")
def test_a_transfer_moves_money_between_two_accounts(db: Path) -> None:
    """A transfer takes the amount from one account and adds it to the other."""
    ledger = books(db)
    assert ledger.transfer("t1", "alice", "bob", 2_500) is True
    assert (ledger.balance("alice"), ledger.balance("bob")) == (7_500, 2_500)
    assert ledger.entries("t1") == [("alice", -2_500), ("bob", 2_500)]
    assert total(ledger) == 0


@kata("core", "example")
def test_a_transaction_may_have_many_entries(db: Path) -> None:
    """A card payment with a fee: three entries that sum to zero, posted as one transaction."""
    ledger = books(db)
    legs = [("alice", -1_000), ("merchant", 970), ("fees", 30)]
    assert ledger.post("pay-1", legs, "order 17") is True
    assert [ledger.balance(a) for a in ("alice", "merchant", "fees")] == [9_000, 970, 30]
    assert ledger.entries("pay-1") == legs


@kata("core", "example")
def test_entries_may_be_given_as_a_mapping(db: Path) -> None:
    """post() takes its entries as a mapping of account to amount as well as a list of pairs."""
    ledger = books(db)
    assert ledger.post("pay-1", {"alice": -1_000, "merchant": 970, "fees": 30}) is True
    assert [ledger.balance(a) for a in ("alice", "merchant", "fees")] == [9_000, 970, 30]
    assert sorted(ledger.entries("pay-1")) == [("alice", -1_000), ("fees", 30), ("merchant", 970)]
    assert ledger.post("pay-1", {"fees": 30, "merchant": 970, "alice": -1_000}) is False
    assert ledger.balance("alice") == 9_000


@kata("core", "edge")
def test_an_account_may_appear_in_several_entries(db: Path) -> None:
    """Entries of one account in one transaction all count, for its balance and its overdraft."""
    ledger = books(db, alice=600)
    assert ledger.post("split", [("alice", -300), ("bob", 500), ("alice", -200)]) is True
    assert (ledger.balance("alice"), ledger.balance("bob")) == (100, 500)
    # Each debit alone fits what alice holds; together they overdraw her.
    with pytest.raises(solution.InsufficientFunds):
        ledger.post("twice", [("alice", -60), ("alice", -60), ("bob", 120)])
    assert (ledger.balance("alice"), ledger.balance("bob")) == (100, 500)
    assert ledger.entries("twice") == []
    assert ledger.reconcile() == []


@kata("core", "perf")
def test_balance_reads_the_stored_balance(db: Path) -> None:
    """balance() reads the stored balance (one primary-key read), not a sum of the entries."""
    ledger = books(db)
    # Rows planted behind the ledger's back: a sum of the entries would see them, a read of
    # accounts.balance does not.
    execute(
        db,
        "INSERT INTO entries (transaction_id, account_id, amount)"
        " SELECT 'deposit-alice', 'alice', 1 FROM (SELECT 1 UNION ALL SELECT 2)",
    )
    assert ledger.balance("alice") == 10_000


# Past 2**53 a float cannot hold every integer: exact minor units must stay exact up here.
HUGE = 2**62 + 1


@kata("core", "edge")
def test_amounts_are_exact_however_large(db: Path) -> None:
    """Amounts past what a float holds exactly keep every cent: balances, entries, reconcile."""
    ledger = books(db, alice=0)
    assert ledger.transfer("mint", "cash", "alice", HUGE) is True
    assert ledger.post("spend", [("alice", -(HUGE - 1)), ("bob", HUGE - 3), ("fees", 2)]) is True
    assert ledger.entries("mint") == [("cash", -HUGE), ("alice", HUGE)]
    assert [ledger.balance(a) for a in ("cash", "alice", "bob", "fees")] == [-HUGE, 1, HUGE - 3, 2]
    statement = {"cash": -HUGE, "alice": 1, "bob": HUGE - 3, "fees": 2}
    assert ledger.reconcile(statement) == []
    assert ledger.reconcile({"bob": HUGE - 2}) == [
        solution.Discrepancy("statement_mismatch", "bob", HUGE - 2, HUGE - 3)
    ]
    with pytest.raises(solution.InsufficientFunds):
        ledger.transfer("one-too-many", "alice", "bob", 2)


@kata("core", "edge")
@pytest.mark.parametrize(
    "legs",
    [[("alice", -100), ("bob", 90)], [("alice", -100)], [], [("alice", 100), ("bob", 100)]],
)
def test_unbalanced_transactions_are_rejected(db: Path, legs: list[tuple[str, int]]) -> None:
    """Entries that do not sum to zero (or fewer than two) raise UnbalancedTransaction."""
    ledger = books(db)
    with pytest.raises(solution.UnbalancedTransaction):
        ledger.post("bad", legs)
    assert ledger.entries("bad") == []
    assert ledger.balance("alice") == 10_000


@kata("core", "edge")
def test_amounts_are_integer_minor_units(db: Path) -> None:
    """A float or bool amount is a TypeError, a zero entry a ValueError; nothing is written."""
    ledger = books(db)
    with pytest.raises(TypeError):
        ledger.post("f1", [("alice", -0.1), ("bob", 0.1)])
    with pytest.raises(TypeError):
        ledger.transfer("f2", "alice", "bob", 10.0)
    with pytest.raises(TypeError):
        ledger.post("f3", [("alice", -1), ("bob", True)])
    with pytest.raises(ValueError):
        ledger.post("z", [("alice", -5), ("bob", 5), ("fees", 0)])
    assert rows(db, "SELECT count(*) FROM entries") == [(2,)]


@kata("core", "edge")
def test_transfer_arguments_are_checked(db: Path) -> None:
    """A transfer of a non-positive amount, or to the same account, is a ValueError."""
    ledger = books(db)
    for amount in (0, -50):
        with pytest.raises(ValueError):
            ledger.transfer("t", "alice", "bob", amount)
    with pytest.raises(ValueError):
        ledger.transfer("t", "alice", "alice", 50)
    assert ledger.balance("alice") == 10_000


@kata("core", "edge")
def test_unknown_accounts_write_nothing(db: Path) -> None:
    """An entry for an unknown account raises KeyError and no entry of the transaction is kept."""
    ledger = books(db)
    with pytest.raises(KeyError):
        ledger.post("t", [("alice", -100), ("nobody", 100)])
    with pytest.raises(KeyError):
        ledger.balance("nobody")
    assert ledger.balance("alice") == 10_000
    assert rows(db, "SELECT count(*) FROM entries WHERE transaction_id = 't'") == [(0,)]
    with pytest.raises(ValueError):
        ledger.open_account("alice")


@kata("core", "edge")
def test_customer_accounts_cannot_go_negative(db: Path) -> None:
    """Overdrawing a customer account raises InsufficientFunds and posts nothing."""
    ledger = books(db, alice=300)
    with pytest.raises(solution.InsufficientFunds):
        ledger.transfer("t1", "alice", "bob", 301)
    assert ledger.transfer("t2", "alice", "bob", 300) is True
    assert ledger.balance("alice") == 0
    ledger.transfer("t3", "cash", "bob", 1_000_000)
    assert ledger.balance("cash") < 0


ACCOUNTS = ["a", "b", "c", "d"]

# A posting: one to three entries on any accounts (repeats allowed), balanced by a last entry.
POSTINGS = st.lists(
    st.tuples(
        st.lists(
            st.tuples(st.sampled_from(ACCOUNTS), st.integers(-500, 500).filter(bool)),
            min_size=1,
            max_size=3,
        ),
        st.sampled_from(ACCOUNTS),
    ),
    max_size=12,
)


@kata("core", "property")
@settings(max_examples=30)
@given(postings=POSTINGS)
def test_balances_follow_the_entries_and_the_books_sum_to_zero(
    postings: list[tuple[list[tuple[str, int]], str]],
) -> None:
    """Any sequence of postings: balances match a simple model, and they sum to zero."""
    with ram_tmpdir() as tmp:
        ledger = solution.Ledger(tmp / "ledger.db")
        for name in ACCOUNTS:
            ledger.open_account(name, allow_negative=True)
        model = dict.fromkeys(ACCOUNTS, 0)
        for n, (legs, balancing) in enumerate(postings):
            rest = -sum(amount for _, amount in legs)
            legs = [*legs, (balancing, rest)] if rest else legs
            if len(legs) < 2:
                continue
            assert ledger.post(f"t{n}", legs) is True
            assert ledger.entries(f"t{n}") == legs
            for account, amount in legs:
                model[account] += amount
        assert {name: ledger.balance(name) for name in ACCOUNTS} == model
        assert sum(model.values()) == 0
        assert ledger.reconcile() == []
        ledger.close()


# --- idempotent -----------------------------------------------------------------------------


@kata("idempotent", "example")
def test_reposting_the_same_transaction_changes_nothing(db: Path) -> None:
    """Posting a transaction id again with the same entries returns False and posts nothing."""
    ledger = books(db)
    assert ledger.transfer("t1", "alice", "bob", 100) is True
    assert ledger.transfer("t1", "alice", "bob", 100) is False
    assert ledger.post("t1", [("bob", 100), ("alice", -100)]) is False
    assert (ledger.balance("alice"), ledger.balance("bob")) == (9_900, 100)
    assert rows(db, "SELECT count(*) FROM entries WHERE transaction_id = 't1'") == [(2,)]


@kata("idempotent", "edge")
def test_reusing_an_id_for_other_entries_is_a_conflict(db: Path) -> None:
    """The same transaction id with other entries raises TransactionConflict."""
    ledger = books(db)
    ledger.transfer("t1", "alice", "bob", 100)
    with pytest.raises(solution.TransactionConflict):
        ledger.transfer("t1", "alice", "bob", 999)
    with pytest.raises(solution.TransactionConflict):
        ledger.transfer("t1", "alice", "merchant", 100)
    assert ledger.balance("alice") == 9_900


@kata("idempotent", "failure")
def test_a_retry_from_another_process_is_recognised(db: Path) -> None:
    """A retry sent to another process after a lost response is recognised there too."""
    books(db).transfer("t1", "alice", "bob", 100)
    other = solution.Ledger(db)
    assert other.transfer("t1", "alice", "bob", 100) is False
    assert other.balance("bob") == 100


@kata("idempotent", "concurrency")
def test_simultaneous_retries_post_once(db: Path) -> None:
    """Processes posting the same transaction id at once: it is posted exactly once."""
    books(db).close()
    posted = run_threads(
        4, lambda i: as_process(db, lambda ledger: ledger.transfer("t1", "alice", "bob", 100))
    )
    assert sorted(posted) == [False] * 3 + [True]
    assert solution.Ledger(db).balance("bob") == 100


# --- refund ---------------------------------------------------------------------------------


@kata("refund", "example")
def test_a_refund_is_a_reversing_transaction(db: Path) -> None:
    """A refund posts the opposite entries as a new transaction and restores the balances."""
    ledger = books(db)
    ledger.post("pay-1", [("alice", -1_000), ("merchant", 970), ("fees", 30)])
    assert ledger.refund("refund-1", "pay-1") is True
    assert ledger.entries("refund-1") == [("alice", 1_000), ("merchant", -970), ("fees", -30)]
    assert [ledger.balance(a) for a in ("alice", "merchant", "fees")] == [10_000, 0, 0]


@kata("refund", "edge")
def test_a_refund_leaves_the_original_untouched(db: Path) -> None:
    """The ledger is append-only: after a refund every earlier entry row is exactly as it was."""
    ledger = books(db)
    ledger.post("pay-1", [("alice", -1_000), ("merchant", 1_000)])
    before = rows(db, "SELECT * FROM entries ORDER BY id")
    ledger.refund("refund-1", "pay-1")
    after = rows(db, "SELECT * FROM entries ORDER BY id")
    assert after[: len(before)] == before
    assert len(after) == len(before) + 2
    assert ledger.entries("pay-1") == [("alice", -1_000), ("merchant", 1_000)]


@kata("refund", "edge")
def test_refunds_are_idempotent_and_happen_once(db: Path) -> None:
    """A refund id replays; a second refund of the same payment raises AlreadyReversed."""
    ledger = books(db)
    ledger.transfer("pay-1", "alice", "merchant", 500)
    assert ledger.refund("refund-1", "pay-1") is True
    assert ledger.refund("refund-1", "pay-1") is False
    with pytest.raises(solution.AlreadyReversed):
        ledger.refund("refund-2", "pay-1")
    with pytest.raises(KeyError):
        ledger.refund("refund-3", "no-such-payment")
    assert (ledger.balance("alice"), ledger.balance("merchant")) == (10_000, 0)


@kata("refund", "edge")
def test_a_refund_cannot_overdraw_the_merchant(db: Path) -> None:
    """A refund obeys the same rules as any posting: it cannot overdraw a customer account."""
    ledger = books(db)
    ledger.transfer("pay-1", "alice", "merchant", 500)
    ledger.transfer("payout", "merchant", "bob", 400)
    with pytest.raises(solution.InsufficientFunds):
        ledger.refund("refund-1", "pay-1")
    assert ledger.entries("refund-1") == []
    assert ledger.balance("merchant") == 100


# --- concurrent -----------------------------------------------------------------------------


@kata("concurrent", "concurrency")
def test_racing_transfers_cannot_overdraw(db: Path) -> None:
    """Racing transfers out of one account succeed only as far as its balance covers them."""
    books(db, alice=300).close()

    def spend(ledger: Any, i: int) -> bool:
        try:
            return bool(ledger.transfer(f"t{i}", "alice", "bob", 100))
        except solution.InsufficientFunds:
            return False

    assert sum(run_threads(4, lambda i: as_process(db, lambda ledger: spend(ledger, i)))) == 3
    check = solution.Ledger(db)
    assert (check.balance("alice"), check.balance("bob")) == (0, 300)
    assert check.reconcile() == []


@kata("concurrent", "concurrency")
def test_concurrent_transfers_preserve_the_total(db: Path) -> None:
    """Processes shuffling money between customers: no money made or lost, books reconcile."""
    ledger = books(db)
    ledger.transfer("seed-bob", "cash", "bob", 10_000)
    ledger.close()
    pairs = [("alice", "bob"), ("bob", "merchant"), ("merchant", "alice"), ("bob", "alice")]

    def shuffle(ledger: Any, i: int) -> None:
        for n in range(4):
            source, destination = pairs[(i + n) % 4]
            with contextlib.suppress(solution.InsufficientFunds):
                ledger.transfer(f"t{i}-{n}", source, destination, 50 + i)

    run_threads(4, lambda i: as_process(db, lambda ledger: shuffle(ledger, i)))
    check = solution.Ledger(db)
    assert sum(check.balance(a) for a in ("alice", "bob", "merchant")) == 20_000
    assert check.reconcile() == []


@kata("concurrent", "failure")
def test_a_failure_between_the_legs_moves_nothing(db: Path) -> None:
    """If writing the credit fails after the debit, the whole transfer is rolled back."""
    ledger = books(db)
    execute(
        db,
        "CREATE TRIGGER boom BEFORE INSERT ON entries WHEN NEW.account_id = 'bob'"
        " BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    with pytest.raises(sqlite3.Error):
        ledger.transfer("t1", "alice", "bob", 100)
    assert (ledger.balance("alice"), ledger.balance("bob")) == (10_000, 0)
    assert ledger.entries("t1") == []
    execute(db, "DROP TRIGGER boom")
    assert ledger.transfer("t1", "alice", "bob", 100) is True
    assert ledger.reconcile() == []


# --- reconcile ------------------------------------------------------------------------------


@kata("reconcile", "example")
def test_clean_books_reconcile(db: Path) -> None:
    """A ledger used only through its API has nothing to report, and matches a true statement."""
    ledger = books(db)
    ledger.transfer("t1", "alice", "bob", 100)
    ledger.refund("r1", "t1")
    assert ledger.reconcile() == []
    assert ledger.reconcile({"alice": 10_000, "bob": 0}) == []


@kata("reconcile", "edge")
def test_a_planted_entry_is_found(db: Path) -> None:
    """A stray entry shows as an unbalanced transaction and as a stored balance mismatch."""
    ledger = books(db)
    ledger.transfer("t1", "alice", "bob", 100)
    execute(db, "INSERT INTO entries (transaction_id, account_id, amount) VALUES ('t1', 'bob', 7)")
    assert ledger.reconcile() == [
        solution.Discrepancy("balance_mismatch", "bob", 107, 100),
        solution.Discrepancy("unbalanced_transaction", "t1", 0, 7),
    ]


@kata("reconcile", "edge")
def test_a_tampered_balance_is_found(db: Path) -> None:
    """A stored balance changed by hand disagrees with the entries, and reconcile says so."""
    ledger = books(db)
    execute(db, "UPDATE accounts SET balance = balance + 1 WHERE id = 'alice'")
    assert ledger.reconcile() == [solution.Discrepancy("balance_mismatch", "alice", 10_000, 10_001)]
    # An account with no entries at all is checked too: its entries sum to zero.
    execute(db, "UPDATE accounts SET balance = 5 WHERE id = 'fees'")
    assert ledger.reconcile() == [
        solution.Discrepancy("balance_mismatch", "alice", 10_000, 10_001),
        solution.Discrepancy("balance_mismatch", "fees", 0, 5),
    ]


@kata("reconcile", "example")
def test_a_statement_that_disagrees_is_reported(db: Path) -> None:
    """An outside statement is compared account by account; only the disagreeing one shows."""
    ledger = books(db)
    ledger.transfer("t1", "alice", "bob", 100)
    statement = {"alice": 9_900, "bob": 90, "merchant": 0}
    assert ledger.reconcile(statement) == [
        solution.Discrepancy("statement_mismatch", "bob", 90, 100)
    ]
