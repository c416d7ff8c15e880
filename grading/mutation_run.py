"""Mutation-test the reference solutions with their kata's tests; write docs/mutation.md.

`python -m grading.mutation_run [SLUG ...]` (what `nox -s mutation` runs; every kata without
SLUG). mutmut 3 makes the mutants and runs them:

- Each kata runs in a scratch copy of the kit in a temporary directory: `grading/`, the kata's
  folder, and the reference as `src/kata_solution_<slug>.py`. mutmut copies that into its own
  `mutants/` folder and adds trampolines; the tests reach the mutated copy through
  `--solution SLUG=PATH`. The file is named after the module name the kit's loader gives a
  solution, so mutmut's trampolines recognise it. The real reference is never written, and the
  learner's workspace is never read or written (`KATA_WORKSPACE` points into the scratch copy).
  The scratch copy is removed on every exit, including Ctrl-C and SIGTERM.
- Each mutant runs only the tests of its kata that call the mutated function, stops at the first
  failure (`-x`), in a forked process with a wall-clock and CPU time limit.
- `katas/<slug>/equivalent_mutants.toml` names the survivors that no test can kill (the program
  behaves the same), each with a one-line reason; they are left out of the score.

score = killed / (killed + survived + timeout); equivalent mutants are left out.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import difflib
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tokenize
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import FrameType

from grading import paths

DOC_PATH = paths.KIT_ROOT / "docs" / "mutation.md"
EQUIVALENT_FILE = "equivalent_mutants.toml"
SCORES_BEGIN = "<!-- mutation-scores:begin (written by `nox -s mutation`; do not edit) -->"
SCORES_END = "<!-- mutation-scores:end -->"
SURVIVORS_BEGIN = "<!-- mutation-survivors:begin (written by `nox -s mutation`; do not edit) -->"
SURVIVORS_END = "<!-- mutation-survivors:end -->"
TABLE_HEADER = (
    "| Kata | Mutants | Killed | Survived | Timeout | Equivalent | Other | Score | Time (s) "
    "| Reference |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
)
EQUIVALENT_KEYS = {"code", "mutant", "reason"}
# mutmut's exit codes for a mutant (mutmut.stats.status_by_exit_code), folded into our outcomes;
# anything else (no tests reached it, a crash of the worker) is "other".
OUTCOMES = {1: "killed", 3: "killed", 0: "survived", 36: "timeout", 24: "timeout", -24: "timeout"}
OUTCOMES |= {152: "timeout", 255: "timeout"}
SETTINGS_KEYS = {"timeout-multiplier", "timeout-constant", "test-timeout"}


class MutationError(Exception):
    """A kata cannot be mutation-tested as asked; the message says why."""


@dataclass(frozen=True)
class Settings:
    """`[tool.kata-mutation]` in pyproject.toml.

    mutmut's per-mutant time limit is multiplier x (the duration of the tests the mutant runs,
    measured unmutated) + constant. `test_timeout` replaces pytest-timeout's per-test limit:
    mutmut's trampolines and its coverage of the unmutated run slow every call, enough to push a
    perf test past the kit's 5 s on a loaded machine, and the per-mutant limit still ends a hang.
    """

    timeout_multiplier: float = 15.0
    timeout_constant: float = 5.0
    test_timeout: float = 30.0

    @classmethod
    def load(cls, pyproject: Path = paths.KIT_ROOT / "pyproject.toml") -> Settings:
        table = tomllib.loads(pyproject.read_text()).get("tool", {}).get("kata-mutation", {})
        unknown = set(table) - SETTINGS_KEYS
        if unknown:
            raise MutationError(f"[tool.kata-mutation]: unknown keys {sorted(unknown)}")
        return cls(
            timeout_multiplier=float(table.get("timeout-multiplier", cls.timeout_multiplier)),
            timeout_constant=float(table.get("timeout-constant", cls.timeout_constant)),
            test_timeout=float(table.get("test-timeout", cls.test_timeout)),
        )


@dataclass(frozen=True)
class Mutant:
    line: int
    operator: str  # what kind of token changed: operator, number, string, keyword, ...
    code: str  # the original line, stripped
    mutated: str  # the same line after the mutation, stripped ("" when removed)
    outcome: str  # killed, survived, timeout, equivalent, other
    note: str = ""  # why an equivalent mutant is equivalent


@dataclass(frozen=True)
class Equivalent:
    """A mutant that behaves like the reference, named by the line it changes and how (not by
    line number, so the entry still holds when lines above it move)."""

    code: str
    mutant: str
    reason: str

    def matches(self, mutant: Mutant) -> bool:
        return (self.code, self.mutant) == (mutant.code, mutant.mutated)


@dataclass
class KataResult:
    slug: str
    mutants: list[Mutant] = field(default_factory=list)
    seconds: float = 0.0
    reference_sha: str = ""
    unmatched: list[Equivalent] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for m in self.mutants if m.outcome == outcome)

    @property
    def score(self) -> float | None:
        killed = self.count("killed")
        denominator = killed + self.count("survived") + self.count("timeout")
        return None if denominator == 0 else 100.0 * killed / denominator

    def row(self) -> str:
        score = "n/a" if self.score is None else f"{self.score:.1f}%"
        return (
            f"| {self.slug} | {len(self.mutants)} | {self.count('killed')} "
            f"| {self.count('survived')} | {self.count('timeout')} | {self.count('equivalent')} "
            f"| {self.count('other')} | {score} | {self.seconds:.0f} | `{self.reference_sha}` |"
        )

    def survivors_section(self) -> str:
        lines = [f"### {self.slug}", ""]
        listed = [m for m in self.mutants if m.outcome != "killed"]
        if not listed:
            lines.append("No surviving mutants.")
        else:
            lines += [
                "| Where | Operator | Outcome | Line | Mutated to | Why equivalent |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            # Equivalent ones last: the rows above them are the ones that want a test.
            for m in sorted(listed, key=lambda m: (m.outcome == "equivalent", m.line, m.code)):
                lines.append(
                    f"| reference/{self.slug}.py:{m.line} | {m.operator} | {m.outcome} "
                    f"| {_code(m.code)} | {_code(m.mutated)} | {m.note.replace('|', '/')} |"
                )
        if self.unmatched:
            lines += [
                "",
                f"Entries of `katas/{self.slug}/{EQUIVALENT_FILE}` that matched no surviving "
                "mutant (the line changed, or the mutant is now killed):",
                "",
            ]
            lines += [f"- {_code(e.code)} → {_code(e.mutant)}" for e in self.unmatched]
        return "\n".join(lines)


def _code(text: str) -> str:
    # Inside a Markdown table a pipe ends the cell, even in a code span.
    return "`" + text.replace("|", "\\|") + "`" if text else "(removed)"


def _uncode(cell: str) -> str:
    cell = cell.strip()
    return (
        "" if cell == "(removed)" else cell.removeprefix("`").removesuffix("`").replace("\\|", "|")
    )


def apply_equivalents(
    mutants: Sequence[Mutant], equivalents: Sequence[Equivalent]
) -> tuple[list[Mutant], list[Equivalent]]:
    """Mark the survivors that an entry names as equivalent; also return the unused entries."""
    marked, used = [], set()
    for mutant in mutants:
        if mutant.outcome in ("survived", "equivalent"):
            match = next((e for e in equivalents if e.matches(mutant)), None)
            if match is not None:
                used.add(match)
            outcome, note = ("survived", "") if match is None else ("equivalent", match.reason)
            mutant = replace(mutant, outcome=outcome, note=note)
        marked.append(mutant)
    return marked, [e for e in equivalents if e not in used]


# -- equivalent mutants ---------------------------------------------------------------------------


def load_equivalents(slug: str) -> list[Equivalent]:
    path = paths.kata_dir(slug) / EQUIVALENT_FILE
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise MutationError(f"{path}: {exc}") from None
    if set(data) - {"mutant"}:
        raise MutationError(f"{path}: only [[mutant]] tables are allowed")
    entries = []
    for number, entry in enumerate(data.get("mutant", []), start=1):
        if set(entry) != EQUIVALENT_KEYS:
            raise MutationError(f"{path}: mutant {number} needs exactly {sorted(EQUIVALENT_KEYS)}")
        reason = str(entry["reason"]).strip()
        if not reason or "\n" in reason:
            raise MutationError(f"{path}: mutant {number} needs a one-line reason")
        entries.append(Equivalent(str(entry["code"]).strip(), str(entry["mutant"]).strip(), reason))
    return entries


# -- reading mutmut's results ---------------------------------------------------------------------


def _tokens(text: str) -> list[tokenize.TokenInfo]:
    ignored = {tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT}
    found: list[tokenize.TokenInfo] = []
    # A line cut out of a bracketed expression does not tokenize to the end on its own; the
    # tokens before the error are enough to say what changed.
    with contextlib.suppress(tokenize.TokenError, IndentationError, SyntaxError):
        found.extend(tokenize.generate_tokens(io.StringIO(text).readline))
    return [t for t in found if t.type not in ignored]


# f-strings are one STRING token before Python 3.12 and several after.
_STRING_TOKENS = {tokenize.STRING} | {
    getattr(tokenize, name)
    for name in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END")
    if hasattr(tokenize, name)
}


def describe(code: str, mutated: str) -> str:
    """The kind of change, from the tokens that differ: `operator <= → <`, `number 1 → 2`."""
    if not mutated:
        return "line removed"
    before, after = _tokens(code), _tokens(mutated)
    start = 0
    while start < min(len(before), len(after)) and before[start].string == after[start].string:
        start += 1
    end = 0
    while (
        end < min(len(before), len(after)) - start
        and before[-1 - end].string == after[-1 - end].string
    ):
        end += 1
    removed = before[start : len(before) - end]
    added = after[start : len(after) - end]
    old = " ".join(t.string for t in removed)
    new = " ".join(t.string for t in added)
    kinds = {t.type for t in removed + added}
    keywords = {"True", "False", "and", "or", "not", "is", "in", "break", "continue", "return"}
    if not added:
        kind = "removed"
    elif kinds == {tokenize.NUMBER}:
        kind = "number"
    elif kinds and kinds <= _STRING_TOKENS:
        kind = "string"
    elif new == "None":
        kind = "value to None"
    elif old == "None":
        kind = "value from None"
    elif {t.string for t in removed + added} & keywords:
        kind = "keyword"
    elif kinds and kinds <= {tokenize.OP}:
        kind = "operator"
    else:
        kind = "name"
    return f"{kind} `{old}` → `{new}`".replace("|", "\\|") if old or new else kind


def _definitions(source: str) -> dict[str, int]:
    """Line of each `def`, keyed the way mutmut names functions: `x_name`, `xǁClassǁname`."""
    lines: dict[str, int] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines[f"x_{node.name}"] = node.lineno
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines[f"xǁ{node.name}ǁ{item.name}"] = item.lineno
    return lines


def _function_text(mutated_module: list[str], span: Sequence[int]) -> list[str]:
    block = mutated_module[span[0] - 1 : span[1]]
    # The span starts with the blank lines and comments above the def; count from the def.
    first = next(i for i, text in enumerate(block) if text.lstrip().startswith(("def ", "async ")))
    return block[first:]


def read_results(
    scratch: Path, slug: str, source: str, equivalents: Sequence[Equivalent]
) -> tuple[list[Mutant], list[Equivalent]]:
    base = scratch / "mutants" / "src" / f"kata_solution_{slug}.py"
    try:
        exit_codes = json.loads(Path(f"{base}.meta").read_text())["exit_code_by_key"]
        spans = json.loads(Path(f"{base}.spans").read_text())["spans"]
    except (OSError, KeyError, ValueError) as exc:
        raise MutationError(f"{slug}: mutmut left no results ({exc})") from None
    mutated_module = base.read_text().splitlines()
    definitions = _definitions(source)
    mutants = []
    for key, exit_code in exit_codes.items():
        name = key.split(".", 1)[1]  # drop the module name
        function = name.rsplit("__mutmut_", 1)[0]
        # The def lines differ in the name (`__mutmut_orig` against `__mutmut_N`); without it a
        # mutated default argument on the def line still shows.
        original = _function_text(mutated_module, spans[f"{function}__mutmut_orig"])
        plain = function.rsplit("ǁ", 1)[-1] if "ǁ" in function else function.removeprefix("x_")
        original[0] = original[0].replace(f"{function}__mutmut_orig", plain, 1)
        changed = _function_text(mutated_module, spans[name])
        changed[0] = changed[0].replace(name, plain, 1)
        opcodes = difflib.SequenceMatcher(None, original, changed).get_opcodes()
        _, i1, i2, j1, j2 = next((op for op in opcodes if op[0] != "equal"), ("", 0, 0, 0, 0))
        code = " ".join(s.strip() for s in original[i1:i2])
        mutated = " ".join(s.strip() for s in changed[j1:j2])
        line = definitions.get(function, 0) + i1
        outcome = OUTCOMES.get(exit_code, "other")
        mutants.append(Mutant(line, describe(code, mutated), code, mutated, outcome))
    return apply_equivalents(mutants, equivalents)


# -- running mutmut -------------------------------------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join(json.dumps(item) for item in items) + "]"


def prepare(scratch: Path, slug: str, settings: Settings) -> None:
    """Lay out the scratch copy of the kit that mutmut works in."""
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(paths.KIT_ROOT / "grading", scratch / "grading", ignore=skip)
    shutil.copytree(paths.kata_dir(slug), scratch / "katas" / slug, ignore=skip)
    (scratch / "src").mkdir()
    module = f"src/kata_solution_{slug}.py"
    shutil.copyfile(paths.reference_path(slug), scratch / module)
    # The kit's own pytest settings (plugin, per-test time limit, hypothesis profile) still apply.
    config = (paths.KIT_ROOT / "pyproject.toml").read_text()
    pytest_args = ["--solution", f"{slug}={module}", "--timeout", f"{settings.test_timeout:g}"]
    config += (
        "\n[tool.mutmut]\n"
        f"source_paths = {_toml_list([module])}\n"
        f"pytest_add_cli_args_test_selection = {_toml_list([f'katas/{slug}/'])}\n"
        f"also_copy = {_toml_list(['grading', 'katas'])}\n"
        f"pytest_add_cli_args = {_toml_list(pytest_args)}\n"
        f"timeout_multiplier = {settings.timeout_multiplier}\n"
        f"timeout_constant = {settings.timeout_constant}\n"
        # The scratch copy is not a git checkout; every function is new to it.
        "use_git_change_detection = false\n"
    )
    (scratch / "pyproject.toml").write_text(config)


def _environment(scratch: Path) -> dict[str, str]:
    env = dict(os.environ)
    env[paths.WORKSPACE_ENV] = str(scratch / "workspace")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@contextlib.contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """Turn SIGTERM into KeyboardInterrupt, so the cleanup runs on either."""

    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(args: Sequence[str], cwd: Path, env: dict[str, str], log: Path) -> int:
    # A session of its own, so an interrupt ends mutmut and every worker it forked.
    with log.open("w") as out:
        process = subprocess.Popen(
            args, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            return process.wait()
        except BaseException:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise


def mutation_test(slug: str, settings: Settings, keep: bool = False) -> KataResult:
    """Run mutmut over a scratch copy of the kata's reference with the kata's tests."""
    reference = paths.reference_path(slug)
    equivalents = load_equivalents(slug)
    before = _sha(reference)
    source = reference.read_text()
    started = time.monotonic()
    scratch = Path(tempfile.mkdtemp(prefix=f"kata-mutation-{slug}-"))
    try:
        prepare(scratch, slug, settings)
        log = scratch / "mutmut.log"
        command = [sys.executable, "-m", "mutmut", "run", "--max-children", "1"]
        code = _run(command, scratch, _environment(scratch), log)
        if code != 0 and "failed to collect stats" in log.read_text(errors="replace"):
            # The unmutated run failed: on a loaded machine that is a perf test's timing ratio,
            # stretched by the trampolines. One more try before giving up on the kata.
            shutil.rmtree(scratch / "mutants", ignore_errors=True)
            code = _run(command, scratch, _environment(scratch), log)
        if code != 0:
            tail = log.read_text(errors="replace").replace("\r", "\n").strip().splitlines()[-8:]
            raise MutationError(f"{slug}: mutmut exited with {code}:\n" + "\n".join(tail))
        try:
            mutants, unmatched = read_results(scratch, slug, source, equivalents)
        except (KeyError, ValueError, IndexError) as exc:
            raise MutationError(f"{slug}: cannot read mutmut's results: {exc!r}") from None
    finally:
        if keep:
            print(f"{slug}: scratch copy kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    if _sha(reference) != before:
        raise MutationError(f"{reference} changed during the run; it must never be edited")
    return KataResult(
        slug=slug,
        mutants=mutants,
        seconds=time.monotonic() - started,
        reference_sha=before,
        unmatched=unmatched,
    )


# -- docs/mutation.md -----------------------------------------------------------------------------


def _region(text: str, begin: str, end: str) -> tuple[str, str, str]:
    try:
        head, rest = text.split(begin, 1)
        body, tail = rest.split(end, 1)
    except ValueError:
        raise MutationError(f"missing the markers {begin!r} ... {end!r}") from None
    return head, body, tail


_ROW = re.compile(r"^\| (?P<slug>[a-z0-9_]+) \|")
_SECTION = re.compile(r"^### (?P<slug>[a-z0-9_]+)$", re.MULTILINE)


def update_doc(results: Sequence[KataResult], doc: Path = DOC_PATH) -> None:
    """Replace the rows and survivor sections of these katas; keep every other kata's."""
    text = doc.read_text()
    head, body, tail = _region(text, SCORES_BEGIN, SCORES_END)
    rows = {m["slug"]: line for line in body.splitlines() if (m := _ROW.match(line))}
    rows.update({r.slug: r.row() for r in results})
    table = "\n".join([TABLE_HEADER, *(rows[s] for s in sorted(rows))])
    text = f"{head}{SCORES_BEGIN}\n{table}\n{SCORES_END}{tail}"

    head, body, tail = _region(text, SURVIVORS_BEGIN, SURVIVORS_END)
    starts = [(m["slug"], m.start()) for m in _SECTION.finditer(body)]
    sections = {
        slug: body[start : starts[i + 1][1] if i + 1 < len(starts) else len(body)].strip()
        for i, (slug, start) in enumerate(starts)
    }
    sections.update({r.slug: r.survivors_section() for r in results})
    joined = "\n\n".join(sections[s] for s in sorted(sections))
    doc.write_text(f"{head}{SURVIVORS_BEGIN}\n{joined}\n{SURVIVORS_END}{tail}")


_CELL = re.compile(r"(?<!\\)\|")


def read_doc(doc: Path = DOC_PATH) -> list[KataResult]:
    """The katas recorded in the page: counts, and every mutant that was not killed."""
    text = doc.read_text()
    _, scores, _ = _region(text, SCORES_BEGIN, SCORES_END)
    _, body, _ = _region(text, SURVIVORS_BEGIN, SURVIVORS_END)
    starts = [(m["slug"], m.start()) for m in _SECTION.finditer(body)]
    sections = {
        slug: body[start : starts[i + 1][1] if i + 1 < len(starts) else len(body)]
        for i, (slug, start) in enumerate(starts)
    }
    results = []
    for row in scores.splitlines():
        if not _ROW.match(row):
            continue
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        slug, killed = cells[0], int(cells[2])
        mutants = [Mutant(0, "", "", "", "killed")] * killed  # only their number is recorded
        for line in sections.get(slug, "").splitlines():
            if line.startswith("| reference/"):
                where, _, outcome, code, mutated = (
                    c.strip() for c in _CELL.split(line.strip())[1:6]
                )
                number = int(where.rsplit(":", 1)[1])
                code, mutated = _uncode(code), _uncode(mutated)
                # Described again, so a better description reaches recorded results too.
                mutants.append(Mutant(number, describe(code, mutated), code, mutated, outcome))
        results.append(KataResult(slug, mutants, float(cells[8]), cells[9].strip("`")))
    return results


def rescore(slugs: Sequence[str], doc: Path = DOC_PATH) -> list[KataResult]:
    """Apply the current equivalent_mutants.toml files to the mutants the page records."""
    results = []
    for result in read_doc(doc):
        if slugs and result.slug not in slugs:
            continue
        result.mutants, result.unmatched = apply_equivalents(
            result.mutants, load_equivalents(result.slug)
        )
        results.append(result)
    update_doc(results, doc)
    return results


def all_slugs() -> list[str]:
    return sorted(p.parent.name for p in paths.KATAS_DIR.glob("*/kata.toml"))


def _summary(result: KataResult) -> str:
    score = "n/a" if result.score is None else f"{result.score:.1f}%"
    counts = ", ".join(
        f"{result.count(outcome)} {outcome}"
        for outcome in ("killed", "survived", "timeout", "equivalent", "other")
    )
    return f"{score} ({counts})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m grading.mutation_run",
        description="Mutation-test reference solutions; update docs/mutation.md.",
    )
    parser.add_argument("slugs", nargs="*", metavar="SLUG", help="katas to run (default: all)")
    parser.add_argument("--doc", type=Path, default=DOC_PATH, help="the page to update")
    parser.add_argument(
        "--keep", action="store_true", help="keep each kata's scratch copy (to debug a run)"
    )
    parser.add_argument(
        "--rescore",
        action="store_true",
        help="apply equivalent_mutants.toml to the recorded results without running mutmut",
    )
    args = parser.parse_args(argv)
    slugs = args.slugs or all_slugs()
    unknown = sorted(set(slugs) - set(all_slugs()))
    if unknown:
        print(f"unknown kata: {', '.join(unknown)}", file=sys.stderr)
        return 2
    if args.rescore:
        try:
            for result in rescore(args.slugs, args.doc):
                print(f"{result.slug}: {_summary(result)}")
        except MutationError as exc:
            print(exc, file=sys.stderr)
            return 2
        return 0
    failed = []
    started = time.monotonic()
    try:
        settings = Settings.load()
        with _terminate_as_interrupt():
            for slug in slugs:
                try:
                    result = mutation_test(slug, settings, keep=args.keep)
                except MutationError as exc:
                    print(exc, file=sys.stderr, flush=True)
                    failed.append(slug)
                    continue
                # Written after each kata, so an interrupted run keeps the katas it finished.
                update_doc([result], args.doc)
                print(f"{slug}: {_summary(result)} in {result.seconds:.0f} s", flush=True)
    except MutationError as exc:
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the reference solutions are unchanged", file=sys.stderr)
        return 130
    print(f"total {time.monotonic() - started:.0f} s", flush=True)
    if failed:
        print(f"not mutation-tested: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
