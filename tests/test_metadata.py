"""kata.toml is loaded strictly: mistakes get a message that says how to fix them."""

from __future__ import annotations

from pathlib import Path

import pytest

from grading.catalog import update_readme, with_table
from grading.metadata import MetadataError, UnknownKata, all_katas, kata_by_slug, parse_kata
from grading.paths import KIT_ROOT

VALID = """
format_version = 1
slug = "demo"
title = "Demo"
version = "1.0.0"
level = "L3"
tags = ["x"]
summary = "s"

[[parts]]
id = "core"
title = "Core"
level = "L3"
points = 10
hints = ["h"]
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "demo"
    folder.mkdir()
    path = folder / "kata.toml"
    path.write_text(text)
    return path


def test_valid_metadata_loads(tmp_path: Path) -> None:
    kata = parse_kata(write(tmp_path, VALID))
    assert kata.slug == "demo" and kata.max_points == 10 and kata.parts[0].hints == ("h",)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('title = "Demo"', 'title = "Demo"\ncolour = "red"'), "unknown key(s) colour"),
        (('level = "L3"\ntags', 'level = "L9"\ntags'), "level 'L9' is not one of"),
        (("points = 10", "points = 0"), "`points` must be positive"),
        (('hints = ["h"]', "hints = []"), "`hints` must be a non-empty list"),
        (("format_version = 1", "format_version = 2"), "format_version 2 unsupported"),
        (('slug = "demo"', 'slug = "other"'), "must equal the folder name"),
        (('summary = "s"\n', ""), "missing key `summary`"),
    ],
)
def test_mistakes_are_named(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    with pytest.raises(MetadataError, match=None) as info:
        parse_kata(write(tmp_path, VALID.replace(*change)))
    assert message in str(info.value)


def test_unknown_kata_suggests_a_close_name() -> None:
    with pytest.raises(UnknownKata, match="did you mean token_bucket"):
        kata_by_slug("token_bucket_")


def test_readme_kata_table_is_current(tmp_path: Path) -> None:
    readme = (KIT_ROOT / "README.md").read_text(encoding="utf-8")
    assert with_table(readme, all_katas()) == readme, "run `nox -s docs` to regenerate it"


def test_readme_table_update_rewrites_only_the_block(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text((KIT_ROOT / "README.md").read_text().replace("[token_bucket](", "[stale]("))
    assert update_readme(path) is True
    assert path.read_text() == (KIT_ROOT / "README.md").read_text()
