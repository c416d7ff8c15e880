"""Read a kata's contract: every promise of its statement and stub, and the tests that hold it.

`katas/<slug>/contract.toml` holds one `[[promise]]` table per promise:

    [[promise]]
    id = "burst"                                  # unique in the kata
    says = "A new bucket admits exactly `capacity` requests, then rejects."
    api = ["TokenBucket", "TokenBucket.acquire"]  # the public names it is about (may be empty)
    tests = ["test_full_bucket_admits_a_burst_of_capacity"]  # test function names
"""

from __future__ import annotations

import ast
import tomllib
from dataclasses import dataclass
from pathlib import Path

from grading import paths
from grading.metadata import Kata

CONTRACT_FILE = "contract.toml"
PROMISE_KEYS = {"id", "says", "api", "tests"}


@dataclass(frozen=True)
class Promise:
    id: str
    says: str
    api: tuple[str, ...]
    tests: tuple[str, ...]


def contract_path(kata: Kata) -> Path:
    return kata.directory / CONTRACT_FILE


def load_contract(kata: Kata) -> list[Promise]:
    data = tomllib.loads(contract_path(kata).read_text(encoding="utf-8"))
    unknown = set(data) - {"promise"}
    if unknown:
        raise ValueError(f"{kata.slug}/{CONTRACT_FILE}: unknown keys {sorted(unknown)}")
    promises = []
    for entry in data.get("promise", []):
        extra = set(entry) - PROMISE_KEYS
        missing = {"id", "says", "tests"} - set(entry)
        if extra or missing:
            raise ValueError(
                f"{kata.slug}/{CONTRACT_FILE}: promise {entry.get('id')!r} has unknown keys "
                f"{sorted(extra)} or lacks {sorted(missing)}"
            )
        promises.append(
            Promise(
                str(entry["id"]),
                str(entry["says"]),
                tuple(entry.get("api", ())),
                tuple(entry["tests"]),
            )
        )
    return promises


def public_api(kata: Kata) -> set[str]:
    """Public classes, their public methods (and dunders other than __init__), and functions."""
    tree = ast.parse(paths.stub_path(kata.slug).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            names.add(node.name)
            for member in node.body:
                if not isinstance(member, ast.FunctionDef):
                    continue
                private = member.name.startswith("_") and not member.name.endswith("__")
                if not private and member.name != "__init__":
                    names.add(f"{node.name}.{member.name}")
    return names
