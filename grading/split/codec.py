"""Values between the test process and the worker: exact built-in types by value, the rest by
reference.

Only `None`, `bool`, `int`, `float`, `str`, `bytes`, `list`, `tuple`, `dict`, `set`, `frozenset`,
paths, the stub's plain dataclasses (fields only, no methods of their own), and exceptions cross by
value; an exception arrives as the nearest class the receiver knows by name (the stub's, a built-in,
or a library's such as `redis.exceptions.ConnectionError`). A value of
any other type, a subclass of `int` that equals every number among them, crosses as a reference:
the receiver sees a proxy, which equals nothing but itself. JSON carries it; nothing the worker
sends is unpickled or evaluated.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path, PosixPath, PurePath, PurePosixPath
from typing import Any

SCALARS = (type(None), bool, int, float, str)
# Exceptions the receiver may raise by name when neither side declared a class of that name.
_BUILTIN_EXCEPTIONS = {
    name: value
    for name, value in vars(builtins).items()
    if isinstance(value, type) and issubclass(value, Exception)
}
MAX_DEPTH = 100
_CONTAINER_TAGS: dict[type, str] = {list: "L", tuple: "T", set: "S", frozenset: "F"}


class ProtocolError(Exception):
    """A message that does not follow the protocol."""


@dataclasses.dataclass
class Schema:
    """The stub's dataclasses (name -> field names) and exception classes, on both sides."""

    dataclasses: dict[str, list[str]]
    exceptions: list[str]

    def to_json(self) -> dict[str, Any]:
        return {"dataclasses": self.dataclasses, "exceptions": self.exceptions}


def qualified_names(cls: type) -> list[str]:
    return [f"{c.__module__}.{c.__qualname__}" for c in cls.__mro__]


def _library_exception(qualified: str, modules: frozenset[str] | None) -> type | None:
    """An exception class of an imported library module (`modules`: those allowed; None: any)."""
    module_name, _, name = qualified.rpartition(".")
    if modules is not None and module_name not in modules:
        return None
    module = sys.modules.get(module_name)
    found = getattr(module, name, None) if module is not None else None
    if isinstance(found, type) and issubclass(found, Exception):
        return found
    return None


class Codec:
    """Encodes and decodes for one side.

    `local_ref(obj)` turns an object of this side into an id the peer can name; `peer_object(id,
    kind)` makes the proxy for an object of the peer; `is_peer(obj)` gives the peer's id of a proxy
    (so a proxy sent back arrives as the original object); `own_object(id)` finds one of ours;
    `classes` maps a declared dataclass or exception name to this side's class. An exception
    crosses by value; `exception_ref` may give it an id, so that when the peer raises the very
    exception back (a callback's error passed through), `remember_exception` ties the copy to it.
    """

    def __init__(
        self,
        schema: Schema,
        *,
        local_ref: Callable[[Any], int],
        own_object: Callable[[int], Any],
        peer_object: Callable[[int, str], Any],
        peer_id: Callable[[Any], int | None],
        classes: Callable[[str], type | None],
        exception_ref: Callable[[BaseException], int],
        remember_exception: Callable[[BaseException, int], None],
        address_of: Callable[[Any], dict[str, Any] | None] = lambda value: None,
        connect: Callable[[dict[str, Any]], Any] | None = None,
    ) -> None:
        self.schema = schema
        self._local_ref = local_ref
        self._own_object = own_object
        self._peer_object = peer_object
        self._peer_id = peer_id
        self._classes = classes
        self._exception_ref = exception_ref
        self._remember_exception = remember_exception
        self._address_of = address_of
        self._connect = connect
        # Library modules whose exceptions this side rebuilds by name (None: any imported one).
        self.library_modules: frozenset[str] | None = None

    # -- encoding ---------------------------------------------------------------------------

    def encode(self, value: Any, depth: int = 0) -> Any:
        kind = type(value)
        if kind in SCALARS:
            return value
        if depth > MAX_DEPTH:
            raise ValueError("a value nested more than 100 levels deep")
        deeper = depth + 1
        if kind is list or kind is tuple or kind is set or kind is frozenset:
            tag = _CONTAINER_TAGS[kind]
            return [tag, [self.encode(v, deeper) for v in value]]
        if kind is dict:
            return [
                "D",
                [[self.encode(k, deeper), self.encode(v, deeper)] for k, v in value.items()],
            ]
        if kind is bytes:
            return ["B", base64.b64encode(value).decode("ascii")]
        peer = self._peer_id(value)
        if peer is not None:
            return ["Y", peer]
        if isinstance(value, BaseException):
            return self.encode_exception(value, deeper)
        fields = self.schema.dataclasses.get(kind.__name__)
        if fields is not None and dataclasses.is_dataclass(value):
            return [
                "C",
                kind.__name__,
                [[f, self.encode(getattr(value, f), deeper)] for f in fields],
            ]
        if isinstance(value, type) and issubclass(value, BaseException):
            return ["X", qualified_names(value)]
        if isinstance(value, PurePath) and type(value) in (PurePosixPath, PosixPath):
            return ["P", str(value)]
        address = self._address_of(value)
        if address is not None:
            return ["R", self.encode(address, deeper)]
        return ["O", self._local_ref(value), kind.__name__]

    def encode_exception(self, exc: BaseException, depth: int = 0) -> list[Any]:
        peer = self._peer_id(exc)
        if peer is not None:
            return ["Y", peer]
        args = [self._plain_or_text(a, depth) for a in exc.args]
        attributes = {
            name: self._plain_or_text(value, depth)
            for name, value in vars(exc).items()
            if isinstance(name, str) and not name.startswith("_")
        }
        names = qualified_names(type(exc))
        return ["E", names, args, attributes, self._exception_ref(exc)]

    def _plain_or_text(self, value: Any, depth: int) -> Any:
        try:
            encoded = self.encode(value, depth + 1)
        except Exception:  # an argument that cannot be encoded still says what it was
            return repr(type(value))
        if isinstance(encoded, list) and encoded[0] == "O":
            return encoded  # by reference, like any other value
        return encoded

    # -- decoding ---------------------------------------------------------------------------

    def decode(self, data: Any, depth: int = 0) -> Any:
        if type(data) in SCALARS:
            return data
        if depth > MAX_DEPTH or type(data) is not list or not data or type(data[0]) is not str:
            raise ProtocolError("a malformed value")
        tag, deeper = data[0], depth + 1
        try:
            if tag in ("L", "T", "S", "F"):
                items = [self.decode(v, deeper) for v in _items(data[1])]
                return {"L": list, "T": tuple, "S": set, "F": frozenset}[tag](items)
            if tag == "D":
                return {self.decode(k, deeper): self.decode(v, deeper) for k, v in _items(data[1])}
            if tag == "B":
                return base64.b64decode(text_of(data[1]), validate=True)
            if tag == "Y":
                return self._own_object(_int(data[1]))
            if tag == "O":
                return self._peer_object(_int(data[1]), text_of(data[2]))
            if tag == "C":
                return self._decode_dataclass(data, deeper)
            if tag == "E":
                return self.decode_exception(data, deeper)
            if tag == "X":
                return self.exception_class([text_of(n) for n in _items(data[1])])
            if tag == "P":
                return Path(text_of(data[1]))
            if tag == "R" and self._connect is not None:
                address = self.decode(data[1], deeper)
                if type(address) is not dict:
                    raise ProtocolError("a malformed address")
                return self._connect(address)
        except (TypeError, ValueError, IndexError, KeyError) as exc:
            raise ProtocolError(f"a malformed value ({exc})") from None
        raise ProtocolError(f"an unknown tag {tag!r}")

    def _decode_dataclass(self, data: list[Any], depth: int) -> Any:
        name = text_of(data[1])
        fields = self.schema.dataclasses.get(name)
        cls = self._classes(name)
        if fields is None or cls is None:
            raise ProtocolError(f"{name} is not a dataclass the stub declares")
        values = {text_of(k): self.decode(v, depth) for k, v in _items(data[2])}
        if sorted(values) != sorted(fields):
            raise ProtocolError(f"a {name} with fields {sorted(values)}")
        instance: Any = object.__new__(cls)
        for key, value in values.items():
            object.__setattr__(instance, key, value)  # frozen dataclasses too
        return instance

    def exception_class(self, names: list[str]) -> type[BaseException]:
        """The nearest class of this side: declared by the stub, built in, or a library's."""
        for qualified in names:
            module, _, name = qualified.rpartition(".")
            if name in self.schema.exceptions and module.startswith(
                ("kata_stub_", "kata_solution_")
            ):
                cls = self._classes(name)
                if isinstance(cls, type) and issubclass(cls, BaseException):
                    return cls
            if module == "builtins" and name in _BUILTIN_EXCEPTIONS:
                return _BUILTIN_EXCEPTIONS[name]
            found = _library_exception(qualified, self.library_modules)
            if found is not None:
                return found
        # Not an Exception (a test's simulated crash): `except Exception` must not catch it here
        # either. No built-in of that kind is rebuilt (SystemExit, KeyboardInterrupt).
        return Exception if "builtins.Exception" in names else BaseException

    def decode_exception(self, data: list[Any], depth: int) -> BaseException:
        names = [text_of(n) for n in _items(data[1])]
        args = tuple(self.decode(a, depth) for a in _items(data[2]))
        attributes = {text_of(k): self.decode(v, depth) for k, v in dict(data[3]).items()}
        origin = _int(data[4])
        cls = self.exception_class(names)
        exc = cls.__new__(cls, *args)
        exc.args = args
        for key, value in attributes.items():
            if not key.startswith("_"):
                # A read-only attribute of a built-in exception stays as it is.
                with contextlib.suppress(AttributeError, TypeError):
                    setattr(exc, key, value)
        if origin:
            self._remember_exception(exc, origin)
        return exc


def _items(value: Any) -> list[Any]:
    if type(value) is not list:
        raise ProtocolError("a malformed container")
    return value


def text_of(value: Any) -> str:
    """`value`, a name a message carries; anything but a string breaks the protocol."""
    if type(value) is not str:
        raise ProtocolError("a malformed name")
    return value


def _int(value: Any) -> int:
    if type(value) is not int:
        raise ProtocolError("a malformed reference")
    return value
