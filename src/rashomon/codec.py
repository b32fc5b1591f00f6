"""Turning the frozen records of model.py into JSON-ready values and back, exactly."""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
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
    return _decoder(tp)(data)


def _identity(data: Any) -> Any:
    return data


@cache
def _decoder(tp: Any) -> Callable[[Any], Any]:
    """A function rebuilding values of type ``tp``, made once per type (decoding is the hot path of
    reading a store: the type is read here, not at every value)."""
    origin = get_origin(tp)
    if tp is Any or origin is typing.Literal:
        return _identity
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        records: list[Any] = [o for o in options if dataclasses.is_dataclass(o)]
        scalars = tuple(o for o in options if o in (int, float, str, bool))
        fallback = _decoder(options[0])

        def union(data: Any) -> Any:
            if data is None:
                return None
            if records and isinstance(data, dict):
                return _decoder(records[0])(data)
            for option in scalars:
                if isinstance(data, option):
                    return data
            return fallback(data)

        return union
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(v) for v in data)
        parts = [_decoder(a) for a in args]
        return lambda data: tuple(f(v) for f, v in zip(parts, data, strict=True))
    if origin is list:
        (arg,) = get_args(tp)
        item = _decoder(arg)
        return lambda data: [item(v) for v in data]
    if origin is dict:
        _, value_type = get_args(tp)
        value = _decoder(value_type)
        return lambda data: {k: value(v) for k, v in data.items()}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        cls = tp
        plain = _plain_fields(cls)
        fields = {name: _decoder(hint) for name, hint in _hints(cls).items() if name not in plain}

        def record(data: Any) -> Any:
            return cls(
                **{name: fields[name](value) if name in fields else value for name, value in data.items()}
            )

        return record
    if tp is float:
        return lambda data: float(data) if isinstance(data, int) else data
    return _identity


def decode(cls: type[T], data: Any) -> T:
    """Rebuild a record of class ``cls``."""
    result: T = from_plain(cls, data)
    return result
