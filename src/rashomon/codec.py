"""Turning the frozen records of model.py into JSON-ready values and back, exactly."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

from . import model

T = TypeVar("T")


_SCALARS = (str, int, float, bool, type(None))


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def to_plain(obj: Any) -> Any:
    """A record (or list/tuple of records) as dicts, lists and scalars."""
    if isinstance(obj, _SCALARS):
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        # scalar fields (most of them) are taken as they are, without a recursive call
        out = {}
        for name in _names(type(obj)):
            value = getattr(obj, name)
            out[name] = value if isinstance(value, _SCALARS) else to_plain(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [to_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_plain(v) for k, v in obj.items()}
    return obj


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls, vars(model))


def _is_plain(tp: Any) -> bool:
    """Whether values of ``tp`` come back from JSON unchanged (str, int, bool, literals, or None)."""
    if tp in (str, int, bool, type(None)) or get_origin(tp) is typing.Literal:
        return True
    if get_origin(tp) in (Union, types.UnionType):
        return all(_is_plain(a) for a in get_args(tp))
    return False


@cache
def _plain_fields(cls: type) -> frozenset[str]:
    """The fields of a record whose values need no rebuilding (floats do: JSON may give an int)."""
    return frozenset(name for name, tp in _hints(cls).items() if _is_plain(tp))


def from_plain(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` from what ``to_plain`` made of it."""
    origin = get_origin(tp)
    if tp is Any:
        return data
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        options = [a for a in get_args(tp) if a is not type(None)]
        for option in options:
            if dataclasses.is_dataclass(option) and isinstance(data, dict):
                return from_plain(option, data)
        for option in options:
            if option in (int, float, str, bool) and isinstance(data, option):
                return data
        return from_plain(options[0], data)
    if origin is typing.Literal:
        return data
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_plain(args[0], v) for v in data)
        return tuple(from_plain(a, v) for a, v in zip(args, data, strict=True))
    if origin is list:
        (arg,) = get_args(tp)
        return [from_plain(arg, v) for v in data]
    if origin is dict:
        _, value_type = get_args(tp)
        return {k: from_plain(value_type, v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        plain = _plain_fields(tp)
        hints = _hints(tp)
        return tp(
            **{
                name: value if name in plain else from_plain(hints[name], value)
                for name, value in data.items()
            }
        )
    if tp is float and isinstance(data, int):
        return float(data)
    return data


def decode(cls: type[T], data: Any) -> T:
    """Rebuild a record of class ``cls``."""
    result: T = from_plain(cls, data)
    return result
