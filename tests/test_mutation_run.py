"""The mutation run's bookkeeping: describing mutants, equivalent entries, the page's tables."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from grading import mutation_run
from grading.mutation_run import (
    SCORES_BEGIN,
    SCORES_END,
    SURVIVORS_BEGIN,
    SURVIVORS_END,
    Equivalent,
    KataResult,
    Mutant,
    apply_equivalents,
    describe,
    read_doc,
    update_doc,
)
from grading.paths import KATAS_DIR


@pytest.mark.parametrize(
    ("code", "mutated", "expected"),
    [
        ("if a <= b:", "if a < b:", "operator `<=` → `<`"),
        ("x = 1", "x = 2", "number `1` → `2`"),
        ("while True:", "while False:", "keyword `True` → `False`"),
        ("x = foo(a)", "x = foo(None)", "value to None `a` → `None`"),
        ("x = None", 'x = ""', 'value from None `None` → `""`'),
        ("f(a, b=2)", "f(a, )", "removed `b = 2` → ``"),
        ('s = "ab"', 's = "XXabXX"', 'string `"ab"` → `"XXabXX"`'),
        ("return a | b", "return a & b", "operator `\\|` → `&`"),
        ("x = f(", "x = g(", "name `f` → `g`"),
        ("del d[k]", "", "line removed"),
    ],
)
def test_describe_names_the_tokens_that_changed(code: str, mutated: str, expected: str) -> None:
    assert describe(code, mutated) == expected


def _page(tmp_path: Path) -> Path:
    page = tmp_path / "mutation.md"
    page.write_text(
        f"intro\n\n{SCORES_BEGIN}\n{SCORES_END}\n\n{SURVIVORS_BEGIN}\n{SURVIVORS_END}\n\nend\n"
    )
    return page


def _result(slug: str, *extra: Mutant) -> KataResult:
    killed = [Mutant(1, "", "", "", "killed")] * 3
    return KataResult(slug, [*killed, *extra], seconds=12.0, reference_sha="0123456789ab")


SURVIVOR = Mutant(7, "operator `<` → `<=`", "if a < b | c:", "if a <= b | c:", "survived")
MESSAGE = Mutant(9, "", 'raise ValueError("bad")', "raise ValueError(None)", "survived")


def test_rows_are_replaced_per_kata_and_the_rest_of_the_page_is_kept(tmp_path: Path) -> None:
    page = _page(tmp_path)
    update_doc([_result("beta", SURVIVOR), _result("alpha")], page)
    update_doc([_result("beta")], page)
    text = page.read_text()
    assert text.startswith("intro\n") and text.endswith("\nend\n")
    assert text.index("| alpha |") < text.index("| beta |")
    assert "if a < b" not in text  # beta's new run has no survivor
    assert text.count("### alpha") == text.count("### beta") == 1


def test_the_page_reads_back_what_was_written(tmp_path: Path) -> None:
    page = _page(tmp_path)
    update_doc([_result("alpha", SURVIVOR, MESSAGE)], page)
    (recorded,) = read_doc(page)
    assert recorded.count("killed") == 3 and recorded.seconds == 12.0
    survivors = {(m.line, m.code, m.mutated) for m in recorded.mutants if m.outcome == "survived"}
    assert survivors == {(7, SURVIVOR.code, SURVIVOR.mutated), (9, MESSAGE.code, MESSAGE.mutated)}


def test_equivalent_entries_leave_the_score_and_can_be_taken_back() -> None:
    entry = Equivalent(MESSAGE.code, MESSAGE.mutated, "message only")
    stale = Equivalent("x = 1", "x = 2", "no such mutant")
    result = _result("alpha", SURVIVOR, MESSAGE)
    result.mutants, result.unmatched = apply_equivalents(result.mutants, [entry, stale])
    assert (result.count("equivalent"), result.count("survived")) == (1, 1)
    assert result.score == 75.0 and result.unmatched == [stale]
    result.mutants, _ = apply_equivalents(result.mutants, [])
    assert (result.count("equivalent"), result.count("survived")) == (0, 2)


def test_equivalent_files_hold_only_well_formed_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mutation_run.paths, "kata_dir", lambda slug: tmp_path)
    (tmp_path / "equivalent_mutants.toml").write_text('[[mutant]]\ncode = "a"\nmutant = "b"\n')
    with pytest.raises(mutation_run.MutationError, match="reason"):
        mutation_run.load_equivalents("demo")


@pytest.mark.parametrize("path", sorted(KATAS_DIR.glob("*/equivalent_mutants.toml")))
def test_every_equivalent_entry_gives_a_one_line_reason(path: Path) -> None:
    entries = tomllib.loads(path.read_text())["mutant"]
    assert mutation_run.load_equivalents(path.parent.name)
    assert all(e["reason"].strip() and "\n" not in e["reason"] for e in entries)
