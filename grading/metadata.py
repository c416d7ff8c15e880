"""Kata metadata: `katas/<slug>/kata.toml`, loaded strictly into frozen dataclasses."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from grading.paths import KATAS_DIR

FORMAT_VERSION = 1
LEVELS = ("L3", "L4", "L5", "L6")
CATEGORIES = ("example", "edge", "property", "clock", "concurrency", "failure", "perf")

_KATA_KEYS = {"format_version", "slug", "title", "version", "level", "tags", "summary", "parts"}
_PART_KEYS = {"id", "title", "level", "points", "hints"}


class MetadataError(ValueError):
    """A kata.toml that does not follow the format; the message says how to fix it."""


class UnknownKata(LookupError):
    """A kata name that is not in the kit."""


@dataclass(frozen=True)
class Part:
    id: str
    title: str
    level: str
    points: int
    hints: tuple[str, ...]


@dataclass(frozen=True)
class Kata:
    slug: str
    title: str
    version: str
    level: str
    tags: tuple[str, ...]
    summary: str
    parts: tuple[Part, ...]
    directory: Path

    @property
    def max_points(self) -> int:
        return sum(part.points for part in self.parts)

    def part(self, part_id: str) -> Part:
        for part in self.parts:
            if part.id == part_id:
                return part
        raise KeyError(part_id)


def _require(table: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in table:
        raise MetadataError(f"{where}: missing key `{key}`; add it ({kind.__name__})")
    value = table[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise MetadataError(f"{where}: `{key}` must be a {kind.__name__}, got {value!r}")
    return value


def _reject_unknown(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise MetadataError(
            f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}"
        )


def _level(value: str, where: str) -> str:
    if value not in LEVELS:
        raise MetadataError(f"{where}: level {value!r} is not one of {', '.join(LEVELS)}")
    return value


def _part(table: dict[str, Any], where: str) -> Part:
    _reject_unknown(table, _PART_KEYS, where)
    hints = tuple(_require(table, "hints", list, where))
    if not hints or not all(isinstance(h, str) and h.strip() for h in hints):
        raise MetadataError(f"{where}: `hints` must be a non-empty list of non-empty strings")
    points = _require(table, "points", int, where)
    if points <= 0:
        raise MetadataError(f"{where}: `points` must be positive, got {points}")
    return Part(
        id=_require(table, "id", str, where),
        title=_require(table, "title", str, where),
        level=_level(_require(table, "level", str, where), where),
        points=points,
        hints=hints,
    )


def parse_kata(path: Path) -> Kata:
    """Parse one kata.toml; raise MetadataError naming the file and the fix."""
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MetadataError(f"{where}: not valid TOML ({exc})") from None
    _reject_unknown(data, _KATA_KEYS, where)
    version = _require(data, "format_version", int, where)
    if version != FORMAT_VERSION:
        raise MetadataError(f"{where}: format_version {version} unsupported; use {FORMAT_VERSION}")
    slug = _require(data, "slug", str, where)
    if slug != path.parent.name:
        raise MetadataError(f"{where}: slug {slug!r} must equal the folder name")
    raw_parts = _require(data, "parts", list, where)
    parts = tuple(_part(p, f"{where} [[parts]] #{i + 1}") for i, p in enumerate(raw_parts))
    if not parts:
        raise MetadataError(f"{where}: a kata needs at least one [[parts]] table")
    ids = [p.id for p in parts]
    if len(set(ids)) != len(ids):
        raise MetadataError(f"{where}: part ids must be unique, got {ids}")
    return Kata(
        slug=slug,
        title=_require(data, "title", str, where),
        version=_require(data, "version", str, where),
        level=_level(_require(data, "level", str, where), where),
        tags=tuple(_require(data, "tags", list, where)),
        summary=_require(data, "summary", str, where),
        parts=parts,
        directory=path.parent,
    )


@cache
def all_katas() -> tuple[Kata, ...]:
    """Every kata in the kit, in a stable order (track order is the catalog's; here: by slug)."""
    return tuple(parse_kata(p) for p in sorted(KATAS_DIR.glob("*/kata.toml")))


def kata_by_slug(slug: str) -> Kata:
    katas = {k.slug: k for k in all_katas()}
    if slug in katas:
        return katas[slug]
    close = difflib.get_close_matches(slug, list(katas), n=3)
    suggestion = f"; did you mean {', '.join(close)}?" if close else "; `kata list` shows them"
    raise UnknownKata(f"no kata named {slug!r}{suggestion}")


def select_katas(slugs: list[str]) -> tuple[Kata, ...]:
    """The named katas in the order given, or all of them when none are named."""
    if not slugs:
        return all_katas()
    return tuple(kata_by_slug(s) for s in dict.fromkeys(slugs))
