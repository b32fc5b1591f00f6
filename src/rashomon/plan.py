"""Planning a run: which files are documents, which stored documents they are, what leaves the store."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import store
from .errors import ConfigError, IngestError
from .ingest import SourceRow, assign_ids, find_sources, read_sources_checked, scan, source_for
from .ingest.formats import read_bytes
from .keys import ingest_base, ingest_key
from .model import Problem
from .settings import Settings


@dataclass(frozen=True)
class Job:
    """One document to analyse (in a worker), with what its stored analysis must match."""

    path: Path
    doc_id: str
    source: SourceRow | None
    ingest_key: str  # its text and metadata must have been made with this to be reused
    reuse: bool = False  # the stored text is current: the worker reads it instead of the file
    db: str = ""  # the store the worker reads stored stage results from


@dataclass
class Plan:
    """What a run has to do: the documents to check against the store, and what to report or drop."""

    jobs: list[Job] = field(default_factory=list)
    hashes: dict[str, str] = field(default_factory=dict)  # doc id -> sha256 of the file
    problems: list[Problem] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)  # stored ids that must leave the store now
    seen: set[str] = field(default_factory=set)  # real paths found in this run


def _stored_paths(conn: sqlite3.Connection) -> dict[str, str]:
    """Stored document ids keyed by their real path (and by the path as stored, for old stores)."""
    out: dict[str, str] = {}
    for path, doc_id in store.document_ids(conn).items():
        out[path] = doc_id
        if not os.path.isabs(path):
            # stores written before paths were resolved: relative to where that run was started
            out.setdefault(os.path.realpath(path), doc_id)
    return out


def make_plan(
    paths: Sequence[Path], sources_file: Path | None, settings: Settings, conn: sqlite3.Connection
) -> Plan:
    """The documents under ``paths`` with their hashes and sources rows; what must leave the store."""
    plan = Plan()
    base = ingest_base(settings)
    try:
        found = scan(paths)
    except IngestError as exc:
        plan.problems.append(Problem(path=exc.path, stage="ingest", message=exc.message))
        return plan
    stored = _stored_paths(conn)
    for skipped in found.skipped:
        plan.problems.append(Problem(path=skipped.path, stage="ingest", message=skipped.message))
        for form in (skipped.path, os.path.abspath(skipped.path)):
            if form in stored:
                plan.drop.append(stored[form])
    rows: dict[str, SourceRow] = {}
    csv_files = find_sources(paths) + ([sources_file] if sources_file is not None else [])
    for csv_path in csv_files:
        try:
            good, errors = read_sources_checked(csv_path)
        except ConfigError as exc:
            plan.problems.append(Problem(path=str(csv_path), stage="sources", message=str(exc)))
            continue
        rows.update(good)
        plan.problems.extend(Problem(path=str(csv_path), stage="sources", message=str(e)) for e in errors)
    ids = assign_ids(found.files, taken=stored)
    by_id = {doc_id: path for path, doc_id in stored.items()}
    for path in found.files:
        plan.seen.add(str(path))
        doc_id = ids[path]
        try:
            data = read_bytes(path, settings.max_file_bytes)
        except IngestError as exc:
            plan.problems.append(Problem(path=str(path), stage="ingest", message=exc.message, doc=doc_id))
            if doc_id in by_id:
                plan.drop.append(doc_id)  # an emptied or unreadable file keeps no old mentions
            continue
        plan.hashes[doc_id] = hashlib.sha256(data).hexdigest()
        row = source_for(rows, path)
        plan.jobs.append(
            Job(path=path, doc_id=doc_id, source=row, ingest_key=ingest_key(settings, row, base))
        )
    # one real file stored twice (a folder given as relative and as absolute path before paths were
    # resolved): the copy this run did not pick leaves the store
    for stored_path, doc_id in stored.items():
        real = os.path.realpath(stored_path)
        if real in plan.seen and ids.get(Path(real)) not in (None, doc_id):
            plan.drop.append(doc_id)
    return plan


def missing(conn: sqlite3.Connection, seen: set[str]) -> list[str]:
    """Stored documents whose file is gone (relative paths of old stores are kept: their base is unknown)."""
    gone = []
    for path, doc_id in store.document_ids(conn).items():
        if path in seen or not os.path.isabs(path):
            continue
        if not os.path.isfile(path):
            gone.append(doc_id)
    return sorted(gone)
