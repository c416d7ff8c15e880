"""Checks that settle a kata's result before any test process starts.

A workspace module byte-identical to the stub scores 0 (the kit's own suite proves every stub
does), and a module that does not compile fails every test with the same reason: in both cases
starting pytest would only cost the learner seconds.
"""

from __future__ import annotations

from pathlib import Path


def is_untouched_stub(solution: Path, stub: Path) -> bool:
    """True when the learner has no module, or it is still exactly the stub."""
    if not solution.is_file():
        return True
    try:
        return solution.read_bytes() == stub.read_bytes()
    except OSError:
        return False


def syntax_problem(solution: Path, shown: str | None = None) -> str:
    """One line naming the file (`shown`, else its path) and line of the first syntax error;
    empty when it compiles."""
    name = shown or str(solution)
    try:
        source = solution.read_bytes()
    except OSError:
        return ""
    try:
        compile(source, str(solution), "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"{name} line {exc.lineno}: SyntaxError: {exc.msg}"
    except ValueError as exc:  # null bytes in the source
        return f"{name}: cannot be compiled ({exc})"
    return ""
