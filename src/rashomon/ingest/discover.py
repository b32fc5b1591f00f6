"""Which files to read, which sources.csv files describe them, and each document's id."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import IngestError
from .sources import SOURCES_NAME

SUPPORTED = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def file_format(path: Path) -> str | None:
    """The format name of a supported file ('txt', 'md', 'html', 'pdf'), else None."""
    return SUPPORTED.get(path.suffix.lower())


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    # os.walk does not follow symlinked folders, so a link loop cannot hang discovery
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name == SOURCES_NAME:
                continue
            path = Path(root) / name
            if file_format(path) is not None:
                found.append(path)
    return found


def discover(paths: Sequence[Path]) -> list[Path]:
    """Supported files among the given files and folders (recursive, sorted, no duplicates)."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(_walk(path))
        elif path.is_file():
            if file_format(path) is None:
                kinds = ", ".join(sorted(SUPPORTED))
                raise IngestError(str(path), f"unsupported file type {path.suffix or '(none)'!r} ({kinds})")
            found.append(path)
        else:
            raise IngestError(str(path), "not found")
    unique: dict[Path, Path] = {}
    for path in sorted(found, key=str):
        unique.setdefault(path.resolve(), path)
    return list(unique.values())


def find_sources(paths: Sequence[Path]) -> list[Path]:
    """The sources.csv files in the given folders (and beside given files), shallowest first."""
    found: set[Path] = set()
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                if SOURCES_NAME in files:
                    found.add(Path(root) / SOURCES_NAME)
        elif (path.parent / SOURCES_NAME).is_file():
            found.add(path.parent / SOURCES_NAME)
    # deeper files are more specific, so they come later and override
    return sorted(found, key=lambda p: (len(p.parts), str(p)))


def assign_ids(paths: Sequence[Path], *, taken: Mapping[str, str] | None = None) -> dict[Path, str]:
    """Document ids: the file stem, prefixed by parent folders when stems clash; stored paths keep theirs.

    ``taken`` maps stored document paths to their ids: a path already stored keeps its id, and no
    other file may take one of those ids.
    """
    taken = taken or {}
    ids: dict[Path, str] = {}
    used = set(taken.values())
    todo = []
    for path in paths:
        if str(path) in taken:
            ids[path] = taken[str(path)]
        else:
            todo.append(path)
    stems: dict[str, int] = {}
    for path in todo:
        stems[_safe(path.stem)] = stems.get(_safe(path.stem), 0) + 1
    for path in sorted(todo, key=str):
        ids[path] = _unique_id(path, clash=stems[_safe(path.stem)] > 1, used=used)
        used.add(ids[path])
    return {path: ids[path] for path in paths}


def _unique_id(path: Path, *, clash: bool, used: set[str]) -> str:
    stem = _safe(path.stem)
    parents = [_safe(p.name) for p in reversed(path.resolve().parents) if p.name]
    candidates = [] if clash else [stem]
    for depth in range(1, len(parents) + 1):
        candidates.append("_".join([*parents[-depth:], stem]))
    for candidate in candidates:
        if candidate not in used:
            return candidate
    n = 2
    while f"{candidates[-1] if candidates else stem}-{n}" in used:
        n += 1
    return f"{candidates[-1] if candidates else stem}-{n}"


def _safe(name: str) -> str:
    # ids appear in URLs of the report and the web app
    return _UNSAFE_ID.sub("_", name).strip("_") or "doc"
