"""Reject solution results that claim to equal anything.

A solution can defeat `assert result == expected` by returning an object whose `__eq__` is
always true (`unittest.mock.ANY` is one). After a solution module is imported, every public
function and method it defines is wrapped so that its result is probed against a private object
no honest value can equal; a result (or an item, field or attribute of it) that claims equality
fails the test with a clear reason.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

SCALARS = frozenset({bool, int, float, complex, str, bytes, type(None)})
CONTAINERS = frozenset({list, tuple, set, frozenset})
ITEMS_CHECKED = 1_000
DEPTH = 3


class ClaimsEqualityError(Exception):
    """A solution returned an object that compares equal to everything."""


class _Probe:
    """Equal only to itself: nothing a solution returns honestly can equal it."""

    __slots__ = ()


_PROBE = _Probe()


def _claims_equality(value: Any) -> bool:
    try:
        return bool(value == _PROBE) or not bool(value != _PROBE)
    except Exception:  # an __eq__ that raises claims nothing
        return False


def check(value: Any, where: str, depth: int = 0) -> None:
    kind = type(value)
    if kind in SCALARS or depth > DEPTH:
        return
    if _claims_equality(value):
        raise ClaimsEqualityError(
            f"{where} returned a {kind.__name__} that claims to equal anything: return real values"
        )
    if kind in CONTAINERS:
        for index, item in enumerate(value):
            if index >= ITEMS_CHECKED:
                break
            check(item, where, depth + 1)
    elif kind is dict:
        for index, (key, item) in enumerate(value.items()):
            if index >= ITEMS_CHECKED:
                break
            check(key, where, depth + 1)
            check(item, where, depth + 1)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            check(getattr(value, field.name, None), where, depth + 1)


def _guarded(function: Callable[..., Any], where: str) -> Callable[..., Any]:
    if getattr(function, "__kata_guarded__", False):
        return function

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        check(result, where)
        return result

    wrapper.__kata_guarded__ = True  # type: ignore[attr-defined]
    return wrapper


def _guard_class(cls: type) -> None:
    if issubclass(cls, BaseException | enum.Enum):
        return
    for name, member in list(vars(cls).items()):
        if name.startswith("_") and name not in ("__call__", "__getitem__", "__next__"):
            continue
        where = f"{cls.__name__}.{name}()"
        replacement: Any = None
        if isinstance(member, staticmethod):
            replacement = staticmethod(_guarded(member.__func__, where))
        elif isinstance(member, classmethod):
            replacement = classmethod(_guarded(member.__func__, where))
        elif isinstance(member, property) and member.fget is not None:
            replacement = member.getter(_guarded(member.fget, f"{cls.__name__}.{name}"))
        elif inspect.isfunction(member):
            replacement = _guarded(member, where)
        if replacement is not None:
            try:
                setattr(cls, name, replacement)
            except (AttributeError, TypeError):
                continue


def guard_module(module: ModuleType) -> None:
    """Wrap the functions and classes the module itself defines (not what it imports)."""
    for name, value in list(vars(module).items()):
        if getattr(value, "__module__", None) != module.__name__ or name.startswith("__"):
            continue
        if inspect.isclass(value):
            _guard_class(value)
        elif inspect.isfunction(value):
            setattr(module, name, _guarded(value, f"{name}()"))
