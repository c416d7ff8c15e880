"""A kata's statement cut to the parts revealed so far, for a mock interview.

Every statement has the same shape: a title and an introduction, then `## API`, `## Parts` (a
table with a row per part), `## Complexity` and `## Interview follow-ups`. A round shows the
introduction and the API, the rows of the parts revealed so far, and nothing about later parts
(the follow-ups name them).
"""

from __future__ import annotations

import re

SECTION = re.compile(r"^## (.+)$", re.MULTILINE)
PART_ROW = re.compile(r"^\|\s*`?([A-Za-z0-9_]+)`?\s*\|")
SHOWN_SECTIONS = ("API",)


def sections(markdown: str) -> tuple[str, dict[str, str]]:
    """The text before the first `##` heading, and each `##` section's body by its title."""
    found = list(SECTION.finditer(markdown))
    if not found:
        return markdown, {}
    bodies = {}
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(markdown)
        bodies[match.group(1).strip()] = markdown[match.end() : end].strip("\n")
    return markdown[: found[0].start()], bodies


def revealed_statement(markdown: str, revealed: list[str]) -> str:
    """The statement with only the `revealed` parts' rows; the last of them is the current one."""
    preamble, bodies = sections(markdown)
    out = [preamble.rstrip("\n")]
    for title in SHOWN_SECTIONS:
        if title in bodies:
            out.append(f"## {title}\n\n{bodies[title]}")
    table = bodies.get("Parts", "")
    rows = []
    for number, line in enumerate(table.splitlines()):
        match = PART_ROW.match(line)
        header = number < 2  # the column names and the `| --- |` line under them
        if header or match is None or match.group(1) in revealed:
            rows.append(line)
        # Rows for parts still to come are left out: they are the interviewer's next questions.
    if rows:
        out.append("## Parts so far\n\n" + "\n".join(rows))
    return "\n\n".join(out) + "\n"
