"""Mutants written as edits of the reference: the classic mistake, and nothing copied around it.

A mutant module calls `mutate(globals(), "<slug>", {"right code": "wrong code", ...})`: the
reference's source is read, each snippet (which must occur exactly once) is replaced, and the
result runs as the mutant module. The file name given to the code keeps it visible to the
thread-stepping tracer, so races in a mutant show up as they would in a learner's module.
"""

from __future__ import annotations

from typing import Any

from grading import paths


class MutationError(ValueError):
    """A replacement that does not match the reference exactly once."""


def mutated_source(slug: str, replacements: dict[str, str]) -> str:
    source = paths.reference_path(slug).read_text(encoding="utf-8")
    for old, new in replacements.items():
        found = source.count(old)
        if found != 1:
            raise MutationError(
                f"{old!r} occurs {found} times in reference/{slug}.py; it must occur once"
            )
        source = source.replace(old, new)
    return source


def mutate(namespace: dict[str, Any], slug: str, replacements: dict[str, str]) -> None:
    """Run the edited reference in `namespace` (the mutant module's globals())."""
    filename = f"{paths.reference_path(slug)} (mutant)"
    exec(compile(mutated_source(slug, replacements), filename, "exec"), namespace)
