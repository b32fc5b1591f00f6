"""Which files to read, which sources.csv files describe them, and each document's id."""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IngestError
from .sources import SOURCES_NAME

SUPPORTED = {".txt": "txt", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
_UNSAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def file_format(path: Path) -> str | None:
    """The format name of a supported file ('txt', 'md', 'html', 'pdf'), else None."""
    return SUPPORTED.get(path.suffix.lower())


@dataclass(frozen=True)
class Scan:
    """The files to read (by their real paths) and what was passed over, with the reason."""

    files: list[Path]
    skipped: list[IngestError] = field(default_factory=list)


_KINDS = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def regular_file(path: Path) -> Path:
    """The real path of a regular file, or IngestError (link loops, pipes, devices, missing files)."""
    try:
        mode = os.stat(path).st_mode  # follows links; a loop fails here
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise IngestError(str(path), "symbolic link loop") from exc
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise IngestError(str(path), "broken symbolic link") from exc
        raise IngestError(str(path), f"not found: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "a special file")
        raise IngestError(str(path), f"not a regular file ({kind}); skipped")
    return Path(os.path.realpath(path))


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def _walk(folder: Path, roots: Sequence[Path], skipped: list[IngestError]) -> list[Path]:
    found: list[Path] = []

    def unlistable(exc: OSError) -> None:
        where = exc.filename or str(folder)
        skipped.append(IngestError(str(where), f"unreadable folder, skipped: {exc.strerror or exc}"))

    # os.walk does not follow symlinked folders, so a link loop cannot hang discovery
    for root, dirs, files in os.walk(folder, onerror=unlistable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name == SOURCES_NAME:
                continue
            path = Path(root) / name
            if file_format(path) is None:
                continue
            try:
                real = regular_file(path)
            except IngestError as exc:
                skipped.append(exc)
                continue
            if path.is_symlink() and not _inside(real, roots):
                # a document from outside the folder would end up in the export and the report
                skipped.append(
                    IngestError(str(path), f"symbolic link to {real}, outside the folder; skipped")
                )
                continue
            found.append(real)
    return found


def scan(paths: Sequence[Path]) -> Scan:
    """Supported regular files among the given files and folders (recursive, sorted, no duplicates).

    Files are returned by their real path, so one folder given twice (relative and absolute, or
    through a link) is one set of documents. Inside a folder, links to files outside the given
    folders, link loops, pipes and devices are skipped with a reason; a named file or folder that
    does not exist is an IngestError.
    """
    paths = [Path(p) for p in paths]
    roots = [Path(os.path.realpath(p)) for p in paths if p.is_dir()]
    found: list[Path] = []
    skipped: list[IngestError] = []
    for path in paths:
        if path.is_dir():
            found.extend(_walk(path, roots, skipped))
        elif os.path.lexists(path):
            if file_format(path) is None:
                kinds = ", ".join(sorted(SUPPORTED))
                raise IngestError(str(path), f"unsupported file type {path.suffix or '(none)'!r} ({kinds})")
            try:
                found.append(regular_file(path))
            except IngestError as exc:
                skipped.append(exc)
        else:
            raise IngestError(str(path), "not found")
    return Scan(files=sorted(set(found), key=str), skipped=skipped)


def discover(paths: Sequence[Path]) -> list[Path]:
    """The files scan() finds (see there), by their real paths."""
    return scan(paths).files


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
