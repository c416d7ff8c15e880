"""Metadata, statement, stub, tests and mutants of every kata agree with each other."""

from __future__ import annotations

import ast

import pytest

from grading import paths
from grading.metadata import CATEGORIES, all_katas
from tests.support import alternatives, collect, mutant_category, mutants

KATAS = all_katas()
MIN_MUTANTS = 4
STATEMENT_SECTIONS = ("## Parts", "## API", "## Complexity", "## Interview follow-ups")


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_files_exist(kata) -> None:
    for required in ("README.md", "kata.toml", "stub.py"):
        assert (kata.directory / required).is_file(), f"{kata.slug}: add {required}"
    assert list(kata.directory.glob("test_*.py")), f"{kata.slug}: add test_{kata.slug}.py"
    assert paths.reference_path(kata.slug).is_file(), f"add reference/{kata.slug}.py"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_statement_names_every_part(kata) -> None:
    text = (kata.directory / "README.md").read_text(encoding="utf-8")
    for section in STATEMENT_SECTIONS:
        assert section in text, f"{kata.slug}/README.md: add a `{section}` section"
    for part in kata.parts:
        assert f"`{part.id}`" in text, f"{kata.slug}/README.md: describe part `{part.id}`"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_stub_parses_and_declares_not_implemented(kata) -> None:
    source = paths.stub_path(kata.slug).read_text(encoding="utf-8")
    ast.parse(source)
    assert "NotImplementedError" in source


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_every_part_has_tests_and_every_test_a_part(kata) -> None:
    record = collect(kata)
    assert record.collected, f"{kata.slug}: no tests collected"
    parts = {t.part for t in record.collected}
    assert parts == {p.id for p in kata.parts}, f"{kata.slug}: parts without tests: " + str(
        {p.id for p in kata.parts} - parts
    )
    assert {t.category for t in record.collected} <= set(CATEGORIES)


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_enough_mutants_each_naming_a_category(kata) -> None:
    found = mutants(kata)
    assert len(found) >= MIN_MUTANTS, f"{kata.slug}: {len(found)} mutants, need {MIN_MUTANTS}"
    tested = {t.category for t in collect(kata).collected}
    for mutant in found:
        category = mutant_category(mutant)
        assert category in tested, f"{mutant.name}: no {category} test exists in {kata.slug}"


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_a_correct_alternative_exists(kata) -> None:
    found = alternatives(kata)
    assert found, f"{kata.slug}: add alternatives/<approach>.py: a correct solution, another way"


def _unbounded_text_strategies(source: str) -> list[int]:
    """Lines calling `text()` without an alphabet, or `characters()`: both build Hypothesis'
    Unicode table (seconds on a fresh machine, paid by the learner, not the solution)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", ""))
        has_alphabet = bool(node.args) or any(k.arg == "alphabet" for k in node.keywords)
        if (name == "text" and not has_alphabet) or name == "characters":
            found.append(node.lineno)
    return found


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_text_strategies_have_an_alphabet(kata) -> None:
    for test_file in kata.directory.glob("test_*.py"):
        lines = _unbounded_text_strategies(test_file.read_text(encoding="utf-8"))
        assert not lines, f"{test_file.name} lines {lines}: give st.text an explicit alphabet"


def _names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


@pytest.mark.parametrize("kata", KATAS, ids=lambda k: k.slug)
def test_tests_that_spawn_threads_are_scheduled(kata) -> None:
    """A test starting threads with `spawn` (itself or through a helper) runs under the scheduler:
    otherwise its deadlines count real time, and a busy machine changes the verdict."""
    for test_file in kata.directory.glob("test_*.py"):
        tree = ast.parse(test_file.read_text(encoding="utf-8"))
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        spawning = {"spawn", "Task"}
        grown = True
        while grown:
            found = {n for n, f in functions.items() if n not in spawning and _names(f) & spawning}
            spawning |= found
            grown = bool(found)
        unscheduled = [
            name
            for name, function in functions.items()
            if name.startswith("test_")
            and _names(function) & spawning
            and "scheduled" not in {ast.unparse(d) for d in function.decorator_list}
        ]
        assert not unscheduled, f"{test_file.name}: decorate with @scheduled: {unscheduled}"
