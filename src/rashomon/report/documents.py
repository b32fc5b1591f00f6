"""How the report names a document: its title (or its opening words) and its path without local folders."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

Json = dict[str, Any]

NO_SIDE = "side not given"
_OPENING_WORDS = 10


def safe_name(identifier: str) -> str:
    """A file name for an id (ids may hold ':' or '/')."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", identifier)


def side_of(doc: Json) -> str:
    """The document's side, or the column of documents that sources.csv gives none."""
    return str(doc.get("side") or NO_SIDE)


def display_title(doc: Json) -> str:
    """The document's title; without one, its opening words in quotes (never a bare id)."""
    if doc.get("title"):
        return str(doc["title"])
    words = str(doc.get("text") or "").split()
    if not words:
        return str(doc.get("id") or "")
    opening = " ".join(words[:_OPENING_WORDS])
    return f"“{opening}{'…' if len(words) > _OPENING_WORDS else ''}” (no title)"


def relative_paths(paths: Iterable[str]) -> dict[str, str]:
    """Each path relative to the folder all of them are in (the folder given to analyze), so that no
    page shows the user's local folders; a lone file shows its name."""
    given = [p for p in paths if p]
    if not given:
        return {}
    try:
        common = os.path.commonpath([str(PurePath(p).parent) for p in given])
    except ValueError:  # paths on different drives, or relative and absolute mixed
        return {p: PurePath(p).name for p in given}
    return {p: os.path.relpath(p, common) if common else p for p in given}
