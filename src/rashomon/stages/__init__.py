"""The registry of per-document stages, in the order they run, and the contract each one keeps.

A stage is a plain function ``(analysis, settings) -> list[record]`` (or a class whose ``__call__``
has that signature when it holds loaded state); it reads the fields named in ``requires`` and its
result is stored in the field named by ``assigns``. ``version`` and the hashes of the ``resources``
it reads make its cache key (``rashomon.keys``), with the keys of the stages it requires.

The contract is checked, as spaCy checks ``requires``/``assigns`` against its Doc: names must be
fields of ``Analysis``; at run time a stage sees a view of the analysis that raises on any field it
did not declare, and its result must be a list of the record type of the field it assigns.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import model
from ..errors import ConfigError, StageError
from ..model import Analysis
from ..settings import Settings

StageFn = Callable[[Analysis, Settings], list[Any]]


@dataclass(frozen=True)
class Stage:
    """A named, versioned per-document stage."""

    name: str
    version: str  # e.g. 'dates.rules.v1'
    requires: tuple[str, ...]
    assigns: str
    factory: Callable[[Settings], StageFn]  # builds the callable once per process (loads resources)
    resources: tuple[str, ...] = ()  # what it reads besides its inputs (see rashomon.keys)


@cache
def analysis_fields() -> dict[str, type]:
    """The record type of every list field of Analysis (``entities`` -> Entity)."""
    hints = typing.get_type_hints(Analysis, vars(model))
    out: dict[str, type] = {}
    for f in dataclasses.fields(Analysis):
        args = typing.get_args(hints[f.name])
        if typing.get_origin(hints[f.name]) is list and args:
            out[f.name] = args[0]
    return out


def check_contract(stage: Stage) -> None:
    """Raise ConfigError when a stage names a field Analysis does not have, or an unknown resource."""
    from ..keys import resource_names

    known = analysis_fields()
    for name in (*stage.requires, stage.assigns):
        if name not in known:
            raise ConfigError(f"stage {stage.name}: {name!r} is not a field of Analysis")
    unknown = [r for r in stage.resources if r not in resource_names()]
    if unknown:
        raise ConfigError(f"stage {stage.name}: unknown resources {', '.join(unknown)}")


class _View(Analysis):
    """An analysis as one stage may see it: reading a field it did not declare is a StageError."""

    def __getattribute__(self, name: str) -> Any:
        if name in analysis_fields() and name not in object.__getattribute__(self, "_allowed"):
            stage = object.__getattribute__(self, "_stage")
            raise StageError("(contract)", stage, f"reads {name!r}, which it does not declare in requires")
        return object.__getattribute__(self, name)


def view_for(stage: Stage, analysis: Analysis) -> Analysis:
    """What ``stage`` may read of ``analysis``: the document and the fields it requires."""
    view = _View(doc=analysis.doc, **{name: getattr(analysis, name) for name in stage.requires})
    object.__setattr__(view, "_allowed", frozenset(stage.requires))
    object.__setattr__(view, "_stage", stage.name)
    return view


def checked_result(stage: Stage, result: Any) -> list[Any]:
    """The stage's result when it is a list of the assigned field's records; StageError otherwise."""
    record = analysis_fields()[stage.assigns]
    if not isinstance(result, list):
        raise StageError("(contract)", stage.name, f"returned {type(result).__name__}, not a list")
    for item in result:
        if not isinstance(item, record):
            raise StageError(
                "(contract)", stage.name, f"returned a {type(item).__name__} where {record.__name__} is due"
            )
    return result
