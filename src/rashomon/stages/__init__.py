"""The registry of per-document stages, in the order they run.

A stage is a plain function ``(analysis, settings) -> list[record]`` (or a class whose ``__call__``
has that signature when it holds loaded state); it reads the fields named in ``requires`` and its
result is stored in the field named by ``assigns``. ``version`` is recorded with stored results so
the cache knows what to recompute.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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
