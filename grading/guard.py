"""Reject solution results that lie about what they equal, and members served behind the guard.

A solution can defeat `assert result == expected` by returning an object whose `__eq__` is
always true (`unittest.mock.ANY` is one), or true for every number (a subclass of `int`). After a
solution module is imported, every public function and method it defines is wrapped so that its
result is checked:

- it is probed against a private object and against pairs of distinct values no honest value
  equals both of;
- a value of a subclass of a built-in type (`int`, `str`, `list`, `dict`, ...) may not redefine
  what the built-in type does (`__eq__`, `__lt__`, `__iter__`, `__int__`, ...): honest results
  are exact built-in types, or subclasses the standard library makes (enums, `NamedTuple`,
  `Counter`, `OrderedDict`) that keep them;
- items, fields and attributes are checked the same way, a few levels deep.

Members reached some other way than a plain class attribute are guarded too: what a class's or
the module's `__getattr__`/`__getattribute__` serves and what a custom descriptor returns. Methods
become data descriptors, so an instance attribute cannot stand in for a method either.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import enum
import functools
import inspect
import itertools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from types import MethodType, ModuleType
from typing import Any

from grading import paths

SCALARS = frozenset({bool, int, float, complex, str, bytes, type(None)})
CONTAINERS = frozenset({list, tuple, set, frozenset})
ITEMS_CHECKED = 1_000
DEPTH = 3
BUILTINS = (bool, int, float, complex, str, bytes, bytearray, list, tuple, dict, set, frozenset)
# Standard-library subclasses of built-in types that redefine comparisons honestly. Matched by
# identity: a name or a module a solution gives its own class proves nothing.
TRUSTED = frozenset(
    {
        enum.Enum, enum.IntEnum, enum.StrEnum, enum.Flag, enum.IntFlag, enum.ReprEnum,
        collections.OrderedDict, collections.defaultdict, collections.Counter,
    }
)  # fmt: skip
# What a subclass may define without changing how its values compare, convert or iterate.
HARMLESS = frozenset(
    {
        "__new__", "__init__", "__repr__", "__str__", "__format__", "__doc__", "__hash__",
        "__reduce__", "__reduce_ex__", "__getnewargs__", "__getnewargs_ex__", "__getstate__",
        "__sizeof__", "__class_getitem__", "__init_subclass__", "__subclasshook__", "__dir__",
        "__setattr__", "__delattr__", "__module__", "__qualname__", "__dict__", "__weakref__",
        "__slots__", "__annotations__", "__match_args__", "__orig_bases__", "__copy__",
        "__deepcopy__", "__missing__",
        # Changing a value in place says nothing about what it equals.
        "__setitem__", "__delitem__", "__iadd__", "__isub__", "__imul__", "__ior__", "__iand__",
        "__ixor__",
    }
)  # fmt: skip
ALWAYS_SUSPECT = frozenset({"__getattr__", "__getattribute__", "__class__"})
# No honest value equals both values of a pair.
PAIRS: tuple[tuple[Any, Any], ...] = (
    (-7, 104_729),
    (0.5, -2.25),
    ("kata-a", "kata-b"),
    ((), (None,)),
    ([], [None]),
    ({}, {"kata": None}),
)
GUARDED = "__kata_guarded__"
FUNCTION_DESCRIPTORS = (
    functools.cached_property,
    functools.partialmethod,
    functools.singledispatchmethod,
)


class ClaimsEqualityError(Exception):
    """A solution returned a value that lies about what it equals, or dodged the guard."""


class ReplacedMethodError(ClaimsEqualityError, AttributeError):
    """A solution set an instance attribute where its class has a method of that name."""


class _Probe:
    """Equal only to itself: nothing a solution returns honestly can equal it."""

    __slots__ = ()


_PROBE = _Probe()


def _equal(value: Any, other: Any) -> bool:
    try:
        return bool(value == other) or not bool(value != other)
    except Exception:  # an __eq__ that raises claims nothing
        return False


def _claims_equality(value: Any) -> bool:
    return _equal(value, _PROBE) or any(_equal(value, a) and _equal(value, b) for a, b in PAIRS)


def _redefined(kind: type) -> str | None:
    """A member by which a subclass of a built-in type changes what the built-in does."""
    base = next(b for b in BUILTINS if issubclass(kind, b))
    behaviour = {name for name in vars(base) if name.startswith("__")} - HARMLESS
    for cls in kind.__mro__:
        if cls in BUILTINS or cls in TRUSTED or cls is object:
            continue
        for name, member in vars(cls).items():
            # Enum classes get copies of their base's operators: the very same objects.
            copied = any(vars(t).get(name) is member for t in TRUSTED)
            if (name in ALWAYS_SUSPECT or name in behaviour) and not copied:
                return name
    return None


def _builtin_items(value: Any) -> Iterable[Any]:
    if isinstance(value, dict):
        return itertools.chain.from_iterable(dict.items(value))
    kind = next(b for b in (list, tuple, set, frozenset) if isinstance(value, b))
    return kind.__iter__(value)


_TESTKIT_DIR = Path(__file__).resolve().parent / "testkit"


@functools.cache
def _made_by_the_tests(kind: Any) -> bool:
    """A type the tests define (a key that counts comparisons, a clock reading that counts its
    uses): a solution handing back what the tests gave it lies about nothing.

    Cached per type: the guard runs on every call, and a cost per call would hide the difference
    between O(1) and O(n) from the perf tests."""
    module = sys.modules.get(kind.__module__)
    filename = getattr(module, "__file__", None)
    if module is None or filename is None:
        return False
    source = Path(filename).resolve()
    from_tests = source.name.startswith("test_") and paths.KATAS_DIR in source.parents
    if not (from_tests or _TESTKIT_DIR in source.parents):
        return False
    if "<locals>" not in kind.__qualname__:
        found: Any = module
        for name in kind.__qualname__.split("."):
            found = getattr(found, name, None)
        return found is kind
    # A class made inside a test function: its own methods must come from that file.
    codes = [getattr(m, "__code__", None) for m in vars(kind).values() if callable(m)]
    return all(c is not None and Path(c.co_filename).resolve() == source for c in codes)


def check(value: Any, where: str, depth: int = 0) -> None:
    kind: Any = type(value)
    if kind in SCALARS or depth > DEPTH or _made_by_the_tests(kind):
        return
    if isinstance(value, BUILTINS) and kind not in BUILTINS:
        name = _redefined(kind)
        if name is not None:
            base = next(b for b in BUILTINS if isinstance(value, b)).__name__
            raise ClaimsEqualityError(
                f"{where} returned a {kind.__name__}: a subclass of {base} that redefines "
                f"{name}; return a plain {base}"
            )
    if _claims_equality(value):
        raise ClaimsEqualityError(
            f"{where} returned a {kind.__name__} that claims to equal anything: return real values"
        )
    if isinstance(value, list | tuple | set | frozenset | dict):
        for item in itertools.islice(_builtin_items(value), 2 * ITEMS_CHECKED):
            check(item, where, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            check(getattr(value, field.name, None), where, depth + 1)


def _guarded(function: Callable[..., Any], where: str) -> Callable[..., Any]:
    if getattr(function, GUARDED, False) is True:
        return function

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        check(result, where)
        return result

    setattr(wrapper, GUARDED, True)
    return wrapper


def _serve(value: Any, where: str, module: str) -> Any:
    """Guard a member found at run time as it would have been guarded at import."""
    if inspect.isclass(value):
        if value.__module__ == module:
            _guard_class(value, module)
        return value
    if callable(value):
        return _guarded(value, where)
    check(value, where)
    return value


class _Method:
    """A guarded method that an instance attribute of the same name cannot shadow."""

    __slots__ = ("function", "name")

    def __init__(self, function: Callable[..., Any], name: str) -> None:
        self.function = function
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        return self.function if instance is None else MethodType(self.function, instance)

    def __set__(self, instance: Any, value: Any) -> None:
        raise ReplacedMethodError(
            f"{self.name} is a method: define it in the class, not per instance"
        )

    def __delete__(self, instance: Any) -> None:
        raise ReplacedMethodError(f"{self.name} is a method: it cannot be deleted from an instance")


class _Served:
    """A custom descriptor whose every result is guarded."""

    __slots__ = ("descriptor", "module", "where")

    def __init__(self, descriptor: Any, where: str, module: str) -> None:
        self.descriptor = descriptor
        self.where = where
        self.module = module

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        return _serve(self.descriptor.__get__(instance, owner), self.where, self.module)

    def __set__(self, instance: Any, value: Any) -> None:
        setter = getattr(self.descriptor, "__set__", None)
        if setter is None:
            raise ReplacedMethodError(f"{self.where} cannot be replaced on an instance")
        setter(instance, value)


def _serving_getattr(function: Callable[..., Any], where: str, module: str) -> Callable[..., Any]:
    """`__getattr__`/`__getattribute__` whose public answers are guarded like static members."""

    @functools.wraps(function)
    def wrapper(*args: Any) -> Any:
        value = function(*args)
        name = args[-1]
        if isinstance(name, str) and name.startswith("_"):
            return value
        return _serve(value, f"{where}({name!r})", module)

    setattr(wrapper, GUARDED, True)
    return wrapper


def _replacement(cls: type, name: str, member: Any, module: str) -> Any:
    where = f"{cls.__name__}.{name}()"
    if getattr(member, GUARDED, False) is True or isinstance(member, _Method | _Served):
        return None
    if name in ("__getattr__", "__getattribute__") and inspect.isfunction(member):
        return _serving_getattr(member, f"{cls.__name__}.{name}", module)
    if name.startswith("_") and name not in ("__call__", "__getitem__", "__next__"):
        return None
    if isinstance(member, staticmethod):
        return staticmethod(_guarded(member.__func__, where))
    if isinstance(member, classmethod):
        return classmethod(_guarded(member.__func__, where))
    if isinstance(member, property):
        return member.getter(_guarded(member.fget, where[:-2])) if member.fget else None
    if inspect.isfunction(member):
        guarded = _guarded(member, where)
        return guarded if name.startswith("_") else _Method(guarded, where)
    # The solution's own descriptors, and the standard ones that run a function of its own; not
    # the slots and other built-in descriptors that only hold values.
    kind = type(member)
    if hasattr(kind, "__get__") and (kind.__module__ == module or kind in FUNCTION_DESCRIPTORS):
        return _Served(member, where, module)
    return None


def _guard_class(cls: type, module: str) -> None:
    if issubclass(cls, BaseException | enum.Enum) or getattr(cls, GUARDED, None) is cls:
        return
    for name, member in list(vars(cls).items()):
        replacement = _replacement(cls, name, member, module)
        if replacement is not None:
            try:
                setattr(cls, name, replacement)
            except (AttributeError, TypeError):
                continue
    with contextlib.suppress(AttributeError, TypeError):
        setattr(cls, GUARDED, cls)  # the class itself: a subclass inherits the attribute


def guard_module(module: ModuleType) -> None:
    """Wrap the functions and classes the module itself defines (not what it imports)."""
    name = module.__name__
    for attribute, value in list(vars(module).items()):
        if attribute == "__getattr__" and inspect.isfunction(value):
            setattr(module, attribute, _serving_getattr(value, "the module's __getattr__", name))
            continue
        if getattr(value, "__module__", None) != name or attribute.startswith("__"):
            continue
        if inspect.isclass(value):
            _guard_class(value, name)
        elif inspect.isfunction(value):
            setattr(module, attribute, _guarded(value, f"{attribute}()"))
