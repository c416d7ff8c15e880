"""The guard on solution results, in process: honest values pass, lying ones fail with a reason."""

from __future__ import annotations

import collections
import dataclasses
import enum
import sys
import types
from typing import Any, NamedTuple

import pytest

from grading.guard import ClaimsEqualityError, check, guard_module


class Colour(enum.IntEnum):
    RED = 1


class Mode(enum.StrEnum):
    FAST = "fast"


class Perm(enum.IntFlag):
    READ = 1
    WRITE = 2


class Point(NamedTuple):
    x: int
    y: int


@dataclasses.dataclass(frozen=True)
class Entry:
    key: str
    value: list[int]


HONEST: list[Any] = [
    0, True, 2.5, "text", b"raw", None, (1, "a"), [1, [2, [3]]], {"k": {1, 2}}, frozenset({1}),
    Colour.RED, Mode.FAST, Perm.READ | Perm.WRITE, Point(1, 2), Entry("k", [1]),
    collections.Counter("abc"), collections.OrderedDict(a=1), collections.defaultdict(int),
    collections.deque([1, 2]), float("nan"),
]  # fmt: skip


@pytest.mark.parametrize("value", HONEST, ids=repr)
def test_honest_values_pass(value: Any) -> None:
    check(value, "f()")


class EveryNumber(int):
    def __eq__(self, other: object) -> bool:
        return isinstance(other, int | float)

    __hash__ = int.__hash__


class AnyText(str):
    def __contains__(self, item: object) -> bool:
        return True


class Sorted(list[int]):
    def __lt__(self, other: object) -> bool:
        return True


class Numbers:
    """Not a subclass of anything, but equal to every number."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, int | float)

    __hash__ = object.__hash__


LIARS = [EveryNumber(3), AnyText("a"), Sorted([1]), Numbers(), [1, (EveryNumber(2),)]]


@pytest.mark.parametrize("value", LIARS, ids=lambda v: type(v).__name__)
def test_lying_values_fail(value: Any) -> None:
    with pytest.raises(ClaimsEqualityError, match="f\\(\\) returned"):
        check(value, "f()")


SERVED = """
import functools

LIAR = Numbers()

class ByGetattr:
    def __getattr__(self, name):
        return lambda *args: LIAR

class ByGetattribute:
    def __getattribute__(self, name):
        return lambda *args: LIAR

class Descriptor:
    def __get__(self, instance, owner=None):
        return lambda *args: LIAR

class ByDescriptor:
    acquire = Descriptor()

class ByPartialmethod:
    def _cheat(self, *args):
        return LIAR

    acquire = functools.partialmethod(_cheat)

class PerInstance:
    def __init__(self):
        self.acquire = lambda *args: LIAR

    def acquire(self):
        return 1

def __getattr__(name):
    return lambda *args: LIAR
"""


@pytest.fixture
def served() -> types.ModuleType:
    module = types.ModuleType("kata_solution_served")
    module.Numbers = Numbers  # type: ignore[attr-defined]
    exec(SERVED, vars(module))
    guard_module(module)
    return module


@pytest.mark.parametrize("name", ["ByGetattr", "ByGetattribute", "ByDescriptor", "ByPartialmethod"])
def test_methods_served_dynamically_are_guarded(served: types.ModuleType, name: str) -> None:
    with pytest.raises(ClaimsEqualityError, match="claims to equal anything"):
        getattr(served, name)().acquire()


def test_an_instance_attribute_cannot_stand_in_for_a_method(served: types.ModuleType) -> None:
    with pytest.raises(ClaimsEqualityError, match="define it in the class"):
        served.PerInstance()


def test_a_module_getattr_is_guarded(served: types.ModuleType) -> None:
    with pytest.raises(ClaimsEqualityError, match="module's __getattr__"):
        served.anything()


HONEST_CLASS = """
import dataclasses

class Node:
    __slots__ = ("value", "next")

    def __init__(self, value):
        self.value = value
        self.next = None

@dataclasses.dataclass
class Box:
    items: list

    def add(self, item):
        self.items.append(item)
        return len(self.items)

    @property
    def size(self):
        return len(self.items)
"""


def test_honest_classes_keep_working(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("kata_solution_honest")
    monkeypatch.setitem(sys.modules, module.__name__, module)  # dataclasses look it up
    exec(HONEST_CLASS, vars(module))
    guard_module(module)
    box = module.Box([])
    assert box.add(1) == 1 and box.size == 1 and box == module.Box([1])
    node = module.Node(1)
    node.next = module.Node(2)
    assert node.next.value == 2
