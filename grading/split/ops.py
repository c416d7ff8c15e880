"""What a call names: a function or method, or one of the few operations a proxy forwards."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any


def _enter(value: Any) -> Any:
    return type(value).__enter__(value)


def _exit(value: Any, *args: Any) -> Any:
    return type(value).__exit__(value, *args)


def _reflected(operation: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """`other OP owner`, for the operand on the right."""
    return lambda owner, other: operation(other, owner)


# The operations a proxy forwards (len(x), x[k], iteration, `with x:`, x == y, ...); any other name
# starting with an underscore is not part of an interface.
OPERATIONS: dict[str, Callable[..., Any]] = {
    "__len__": len,
    "__bool__": bool,
    "__iter__": iter,
    "__next__": next,
    "__reversed__": reversed,
    "__contains__": operator.contains,
    "__getitem__": operator.getitem,
    "__setitem__": operator.setitem,
    "__delitem__": operator.delitem,
    "__enter__": _enter,
    "__exit__": _exit,
    "__eq__": operator.eq,
    "__ne__": operator.ne,
    "__lt__": operator.lt,
    "__le__": operator.le,
    "__gt__": operator.gt,
    "__ge__": operator.ge,
    "__hash__": hash,
    "__str__": str,
    "__format__": format,
    "__call__": lambda owner, *args, **kwargs: owner(*args, **kwargs),
    # Numbers a test hands over may be instruments (a float that counts its uses).
    "__add__": operator.add,
    "__radd__": _reflected(operator.add),
    "__sub__": operator.sub,
    "__rsub__": _reflected(operator.sub),
    "__mul__": operator.mul,
    "__rmul__": _reflected(operator.mul),
    "__truediv__": operator.truediv,
    "__rtruediv__": _reflected(operator.truediv),
    "__floordiv__": operator.floordiv,
    "__rfloordiv__": _reflected(operator.floordiv),
    "__mod__": operator.mod,
    "__rmod__": _reflected(operator.mod),
    "__neg__": operator.neg,
    "__abs__": abs,
    "__float__": float,
    "__int__": int,
    "__index__": operator.index,
    "__round__": round,
}


def operation(owner: Any, name: str | None) -> Callable[..., Any]:
    if name is None:
        return owner  # type: ignore[no-any-return]
    forwarded = OPERATIONS.get(name)
    if forwarded is not None:
        return lambda *args, **kwargs: forwarded(owner, *args, **kwargs)
    if name.startswith("_"):
        raise AttributeError(f"{name} is not part of the interface")
    return getattr(owner, name)  # type: ignore[no-any-return]
