"""sources.csv: the user's own title, outlet, side and publication date for each document."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError

SOURCES_NAME = "sources.csv"
_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True)
class SourceRow:
    """One row of sources.csv; empty cells are None."""

    file: str
    title: str | None = None
    outlet: str | None = None
    side: str | None = None
    published: str | None = None  # 2023-12-14, 2023-12 or 2023
    csv_path: str = ""
    line: int = 0


def check_published(value: str) -> str | None:
    """The date in sources.csv form (YYYY-MM-DD, YYYY-MM, YYYY), or None when it is not one."""
    match = _PUBLISHED.fullmatch(value.strip())
    if match is None:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year or 1, month or 1, day or 1)
    except ValueError:
        return None
    return match.group()


def read_sources(path: Path) -> dict[str, SourceRow]:
    """Rows of a sources.csv keyed by the file as written, its basename and its path beside the csv.

    Raises ConfigError at the first bad row; ``read_sources_checked`` keeps the good rows instead.
    """
    rows, errors = read_sources_checked(path)
    if errors:
        raise errors[0]
    return rows


def read_sources_checked(path: Path) -> tuple[dict[str, SourceRow], list[ConfigError]]:
    """The good rows of a sources.csv (keyed as read_sources does) and one error per bad row.

    Each line is one row: a title never spans lines, so an unclosed quote spoils its own line only,
    instead of folding the rows after it into one cell. ConfigError when the file cannot be read
    or has no 'file' column.
    """
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read sources file: {exc}") from exc
    lines = text.splitlines()
    header = [h.strip().lower() for h in _cells(lines[0])] if lines else []
    if "file" not in header:
        raise ConfigError(f"{path}: line 1: sources file needs a 'file' column (found: {', '.join(header)})")
    rows: list[SourceRow] = []
    errors: list[ConfigError] = []
    seen: dict[str, int] = {}
    for line, raw in enumerate(lines[1:], 2):
        try:
            row = _row(raw, header, path, line, seen)
        except ConfigError as exc:
            errors.append(exc)
            continue
        if row is not None:
            rows.append(row)
    return _keyed(rows, path.parent), errors


# no title, outlet or date is this long: such a cell is damage, not metadata
_MAX_CELL = 131_072


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def _row(raw: str, header: list[str], path: Path, line: int, seen: dict[str, int]) -> SourceRow | None:
    if raw.count('"') % 2:
        raise ConfigError(f"{path}: line {line}: unclosed quote; the row is skipped")
    try:
        values = _cells(raw)
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field limit
        raise ConfigError(f"{path}: line {line}: {exc}; the row is skipped") from exc
    if len(values) > len(header):
        raise ConfigError(f"{path}: line {line}: more cells than columns")
    if any(len(v) > _MAX_CELL for v in values):  # the csv module's own limit is a process-wide setting
        raise ConfigError(
            f"{path}: line {line}: a cell longer than {_MAX_CELL:,} characters; the row is skipped"
        )
    cells = {k: v.strip() for k, v in zip(header, values, strict=False)}
    if not any(cells.values()):
        return None
    file = cells.get("file", "")
    if not file:
        raise ConfigError(f"{path}: line {line}: empty 'file' cell")
    if file in seen:
        raise ConfigError(f"{path}: line {line}: {file!r} is listed twice (also on line {seen[file]})")
    seen[file] = line
    published = cells.get("published") or None
    if published is not None and check_published(published) is None:
        raise ConfigError(
            f"{path}: line {line}: bad published date {published!r} for {file!r} "
            "(expected YYYY-MM-DD, YYYY-MM or YYYY)"
        )
    return SourceRow(
        file=file,
        title=cells.get("title") or None,
        outlet=cells.get("outlet") or None,
        side=(cells.get("side") or "").lower() or None,
        published=published,
        csv_path=str(path),
        line=line,
    )


def _keyed(rows: list[SourceRow], folder: Path) -> dict[str, SourceRow]:
    names: dict[str, int] = {}
    for row in rows:
        name = Path(row.file).name
        names[name] = names.get(name, 0) + 1
    out: dict[str, SourceRow] = {}
    for row in rows:
        name = Path(row.file).name
        if names[name] == 1:  # a basename two rows share would match the wrong one
            out[name] = row
        beside = folder / row.file
        out[str(beside)] = row
        out[str(beside.resolve())] = row
    for row in rows:  # the exact spelling wins over a basename of another row
        out[row.file] = row
    return out


def source_for(rows: Mapping[str, SourceRow], path: Path) -> SourceRow | None:
    """The row for a document: by its path as given, its resolved path, then its basename."""
    for key in (str(path), str(path.resolve()), path.name):
        if key in rows:
            return rows[key]
    return None
