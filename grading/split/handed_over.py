"""What the solution may call on an object the tests handed it.

The tests' own objects (fakes, clocks, stores) answer only the methods the stub declares for what
the solution is given: a Protocol's methods, or those of a library interface the object implements
(`MutableMapping.get`, `sqlite3.Connection.execute`). Their other methods are the tests'
instruments (`FakeClock.advance`, a fault switch): calling them would change what the tests
measure. A library's objects (a Redis client, a SQLite connection) answer their public methods,
except the hooks that re-wire how the object behaves for the tests that share it, and no class
method: `redis.Redis.from_url` would connect the tests' process wherever the solution says.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from types import FunctionType, MethodType, ModuleType
from typing import Any

# Hooks of library objects that change what the tests see through the same object: a reply
# parser the solution supplies, SQL functions that answer the tests' own queries, a whole
# database swapped in.
LIBRARY_HOOKS = frozenset(
    {
        "set_response_callback", "set_retry",  # redis
        "backup", "create_aggregate", "create_collation", "create_function",  # sqlite3
        "create_window_function", "deserialize", "enable_load_extension", "load_extension",
        "set_authorizer", "set_progress_handler", "set_trace_callback", "setconfig", "setlimit",
    }
)  # fmt: skip
_OWN_PACKAGES = frozenset({"grading", "katas", "tests"})


def declared_methods(stub: ModuleType) -> frozenset[str]:
    """Public methods of the Protocols the stub declares: what its callbacks offer."""
    return frozenset(
        name
        for value in vars(stub).values()
        if isinstance(value, type) and getattr(value, "_is_protocol", False)
        for name, member in vars(value).items()
        if not name.startswith("_") and callable(member)
    )


def _from_a_library(cls: type) -> bool:
    """A class of the standard library or an installed package, not of the kit or its tests."""
    top = cls.__module__.partition(".")[0]
    if top in _OWN_PACKAGES:
        return False
    if top in sys.stdlib_module_names or top == "builtins":
        return True
    file = str(getattr(sys.modules.get(cls.__module__), "__file__", None) or "")
    return "-packages/" in file


@functools.cache
def _library_interface(cls: type, name: str) -> bool:
    """Whether a library class among `cls`'s bases defines `name`. Cached: every call the solution
    makes on a test's object asks, and a Redis client's class has some thirty bases."""
    return any(
        name in vars(base) for base in cls.__mro__ if base is not object and _from_a_library(base)
    )


def callable_method(target: Any, name: str, declared: frozenset[str]) -> Callable[..., Any]:
    """The method `name` of `target`, if the solution may call it; AttributeError otherwise."""
    if name.startswith("_"):
        raise AttributeError(f"{name} is not public")
    value = getattr(target, name)
    if isinstance(value, ModuleType | type) or not callable(value):
        raise AttributeError(f"{name} is not a method")
    if not isinstance(value, MethodType | FunctionType) and not inspect.isbuiltin(value):
        raise AttributeError(f"{name} is not a method")
    if getattr(value, "__self__", target) is not target:
        raise AttributeError(f"{name} is not a method of the object itself")
    if name in LIBRARY_HOOKS:
        raise AttributeError(f"{name} would change the object for the tests that share it")
    owner: type = type(target)
    if name not in declared and not _library_interface(owner, name):
        raise AttributeError(f"{name} is not a method the stub declares for this object")
    return value
