"""The runner: documents through the per-document stages (cached, in parallel), then the corpus stages."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import logging
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import store, workers
from .corpus_run import corpus_stages
from .errors import ConfigError, IngestError, StoreError
from .ingest import (
    SourceRow,
    assign_ids,
    find_sources,
    load_document,
    read_sources_checked,
    scan,
    source_for,
)
from .ingest.formats import read_bytes
from .keys import stage_keys
from .model import Analysis, Document, Problem
from .settings import Settings
from .stages import Stage, StageFn, check_contract, checked_result, view_for

log = logging.getLogger(__name__)

# Module names under rashomon.stages, in run order; the order is checked against requires/assigns.
STAGE_MODULES = (
    "sentences",
    "entities",
    "dates",
    "counts",
    "labels",
    "attribution",
    "places",
    "actors",
    "parse",
    "events",
    "participants",
)

# A document smaller than this many documents' worth of work is not worth a process pool.
_MIN_DOCS_FOR_POOL = 8

Progress = Callable[[str, int, int], None]  # (phase, done, total)


@dataclass
class RunSummary:
    """What one `analyze` run did."""

    run_id: int
    documents: list[str] = field(default_factory=list)  # ids of every document in the corpus
    analysed: list[str] = field(default_factory=list)  # ids processed in this run
    cached: list[str] = field(default_factory=list)  # ids whose stored analysis was reused
    problems: list[Problem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # ids of stored documents whose file is gone
    mentions: int = 0
    events: int = 0
    multi_source_events: int = 0
    discrepancies: int = 0


def load_stages(modules: Sequence[str] = STAGE_MODULES) -> list[Stage]:
    """The registered stages, checked so that every stage's inputs are produced before it runs."""
    stages = [importlib.import_module(f"rashomon.stages.{name}").STAGE for name in modules]
    check_order(stages)
    return stages


def check_order(stages: Sequence[Stage]) -> None:
    """Raise ConfigError when a stage requires a field no earlier stage assigns."""
    assigned: set[str] = set()
    for stage in stages:
        check_contract(stage)
        missing = [r for r in stage.requires if r not in assigned]
        if missing:
            raise ConfigError(
                f"stage {stage.name} requires {', '.join(missing)}, which no earlier stage assigns"
            )
        assigned.add(stage.assigns)


def pipeline_key(stages: Sequence[Stage], settings: Settings) -> str:
    """A hash of every stage's key (its version, resources and the keys of what it requires)."""
    return hashlib.sha256("\n".join(stage_keys(stages, settings).values()).encode()).hexdigest()[:16]


# -- per-document work (runs in worker processes) -----------------------------------------------

_WORKER: dict[str, Any] = {}


def _prepare(settings: Settings, stages: Sequence[Stage]) -> None:
    """Build every stage callable once per process (models, lexicons, gazetteers load here)."""
    if _WORKER.get("settings") == settings and _WORKER.get("stages") == list(stages):
        return
    _WORKER["settings"] = settings
    _WORKER["stages"] = list(stages)
    _WORKER["callables"] = [stage.factory(settings) for stage in stages]


class _Overtime(BaseException):
    """The document's time is up (a BaseException, so that no stage's ``except Exception`` eats it)."""


_ALARM = {"armed": False, "caught": False}
_RING_AGAIN = 0.5  # seconds between rings once the time is up


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise _Overtime in this process after ``seconds`` (0: never); nested uses keep the outer limit.

    SIGALRM interrupts Python code and the regular expression engine; C code that never returns to
    the interpreter is the parent's to stop (workers.run_jobs). Off the main thread there is no alarm.
    """
    if seconds <= 0 or _ALARM["armed"] or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        if not _ALARM["caught"]:
            raise _Overtime

    # an alarm the caller set (its own time limit) is kept: it rings when it would have
    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, ring)
    # it rings again until the document stops: an exception raised where Python cannot pass it on
    # (a garbage collector callback, a __del__) is lost, and the next ring must try again
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer else seconds, _RING_AGAIN)
    _ALARM["armed"] = True
    _ALARM["caught"] = False
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        _ALARM["armed"] = False
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))


def _overtime(path: str, doc_id: str | None, stage: str, settings: Settings) -> Problem:
    return Problem(
        path=path,
        doc=doc_id,
        stage=stage,
        message=f"over the time limit: max_seconds_per_document ({settings.max_seconds_per_document} s)",
    )


def analyse_document(doc: Document) -> tuple[Analysis, list[Problem]]:
    """Run every stage over one document; a failing stage is recorded and its dependents skipped.

    The document has ``max_seconds_per_document`` for all its stages: past it the stage it is in is
    recorded as the problem, the stages after it are skipped, and what was done is returned.
    """
    settings: Settings = _WORKER["settings"]
    stages: list[Stage] = _WORKER["stages"]
    callables: list[StageFn] = _WORKER["callables"]
    analysis = Analysis(doc=doc)
    failed: set[str] = set()
    problems: list[Problem] = []
    with _time_limit(settings.max_seconds_per_document):
        for stage, fn in zip(stages, callables, strict=True):
            if failed.intersection(stage.requires):
                failed.add(stage.assigns)
                continue
            workers.note(doc.id, stage.name)
            try:
                result = fn(view_for(stage, analysis), settings)
                setattr(analysis, stage.assigns, checked_result(stage, result))
            except _Overtime:
                _ALARM["caught"] = True
                problems.append(_overtime(doc.path, doc.id, stage.name, settings))
                break
            except Exception as exc:  # a bug or bad input in one stage must not sink the batch
                failed.add(stage.assigns)
                log.warning("%s: stage %s failed", doc.path, stage.name, exc_info=True)
                problems.append(
                    Problem(
                        path=doc.path, doc=doc.id, stage=stage.name, message=f"{type(exc).__name__}: {exc}"
                    )
                )
    return analysis, problems


@dataclass(frozen=True)
class _Job:
    """One document to read and analyse in a worker."""

    path: Path
    doc_id: str
    source: SourceRow | None
    key: str  # what its stored analysis must have been made with to be reused


_Result = tuple[_Job, Analysis | None, list[Problem]]


def _run_job(job: _Job) -> _Result:
    """Ingest and every stage for one document, within the document's time limit."""
    settings: Settings = _WORKER["settings"]
    result: _Result | None = None
    try:
        with _time_limit(settings.max_seconds_per_document):
            workers.note(job.doc_id, "ingest")
            try:
                doc = load_document(job.path, doc_id=job.doc_id, source=job.source, settings=settings)
            except IngestError as exc:
                return (
                    job,
                    None,
                    [Problem(path=str(job.path), stage="ingest", message=exc.message, doc=job.doc_id)],
                )
            except _Overtime:
                _ALARM["caught"] = True
                return job, None, [_overtime(str(job.path), job.doc_id, "ingest", settings)]
            except Exception as exc:  # a hostile file may find a bug in a parser: it is that file's problem
                log.warning("%s: ingest failed", job.path, exc_info=True)
                message = f"{type(exc).__name__}: {exc}"
                return (
                    job,
                    None,
                    [Problem(path=str(job.path), stage="ingest", message=message, doc=job.doc_id)],
                )
            analysis, problems = analyse_document(doc)
            result = (job, analysis, problems)
    except _Overtime:  # the alarm rang as the document finished
        _ALARM["caught"] = True
        if result is None:
            return job, None, [_overtime(str(job.path), job.doc_id, "ingest", settings)]
    assert result is not None
    return result


def _lost(job: _Job, stage: str, message: str) -> _Result:
    return job, None, [Problem(path=str(job.path), doc=job.doc_id, stage=stage, message=message)]


# -- the run ----------------------------------------------------------------------------------


def document_key(key: str, row: SourceRow | None) -> str:
    """The cache key of one document: the pipeline's key and its sources.csv row (a fixed date or
    side must redo the analysis, since dates are anchored on the publication date)."""
    if row is None:
        return key
    fields = "\x1f".join(v or "" for v in (row.title, row.outlet, row.side, row.published))
    return f"{key}-{hashlib.sha256(fields.encode()).hexdigest()[:12]}"


@dataclass
class _Plan:
    jobs: list[_Job] = field(default_factory=list)
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


def _plan(
    paths: Sequence[Path], sources_file: Path | None, settings: Settings, conn: sqlite3.Connection, key: str
) -> _Plan:
    plan = _Plan()
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
        plan.jobs.append(_Job(path=path, doc_id=doc_id, source=row, key=document_key(key, row)))
    # one real file stored twice (a folder given as relative and as absolute path before paths were
    # resolved): the copy this run did not pick leaves the store
    for stored_path, doc_id in stored.items():
        real = os.path.realpath(stored_path)
        if real in plan.seen and ids.get(Path(real)) not in (None, doc_id):
            plan.drop.append(doc_id)
    return plan


def _missing(conn: sqlite3.Connection, seen: set[str]) -> list[str]:
    """Stored documents whose file is gone (relative paths of old stores are kept: their base is unknown)."""
    gone = []
    for path, doc_id in store.document_ids(conn).items():
        if path in seen or not os.path.isabs(path):
            continue
        if not os.path.isfile(path):
            gone.append(doc_id)
    return sorted(gone)


def analyze(
    paths: Sequence[str | Path],
    *,
    db: str | Path,
    settings: Settings,
    sources: str | Path | None = None,
    progress: Progress | None = None,
    keep_missing: bool = False,
) -> RunSummary:
    """Analyse documents into the store at ``db`` and rebuild the corpus results.

    Stored documents whose file no longer exists leave the store (``keep_missing`` keeps them); a
    file that can no longer be read takes its stored analysis with it.
    """
    stages = load_stages()
    key = pipeline_key(stages, settings)
    conn = store.connect(db)
    run_id = store.start_run(conn, {"paths": [str(p) for p in paths], "sources": str(sources or "")})
    summary = RunSummary(run_id=run_id)
    try:
        plan = _plan([Path(p) for p in paths], Path(sources) if sources else None, settings, conn, key)
        for problem in plan.problems:
            store.add_problem(conn, run_id, problem)
        summary.problems.extend(plan.problems)
        if plan.drop:
            store.drop_documents(conn, sorted(set(plan.drop)))
        todo: list[_Job] = []
        stored = store.document_ids(conn)
        for job in plan.jobs:
            if store.cached_analysis(conn, job.doc_id, plan.hashes[job.doc_id], job.key) is not None:
                summary.cached.append(job.doc_id)
                if stored.get(str(job.path)) != job.doc_id:
                    store.set_document_path(conn, job.doc_id, str(job.path))
            else:
                todo.append(job)
        for job, analysis, doc_problems in _run_documents(todo, stages, settings, progress):
            if analysis is None:
                store.drop_documents(conn, [job.doc_id])
            else:
                # a document with a failed stage is stored (nothing is lost) but not cached as complete
                store.save_analysis(conn, analysis, "partial" if doc_problems else job.key)
                summary.analysed.append(analysis.doc.id)
            for problem in doc_problems:
                store.add_problem(conn, run_id, problem)
            summary.problems.extend(doc_problems)
        if not keep_missing:
            summary.removed = _missing(conn, plan.seen)
            store.drop_documents(conn, summary.removed)
        if progress:
            progress("corpus", 0, 1)
        corpus_problems = corpus_stages(conn, settings, summary)
        for problem in corpus_problems:
            store.add_problem(conn, run_id, problem)
        summary.problems.extend(corpus_problems)
        if progress:
            progress("corpus", 1, 1)
    except BaseException:
        with contextlib.suppress(StoreError):
            store.finish_run(conn, run_id, "interrupted", {})
        conn.close()
        raise
    store.finish_run(
        conn,
        run_id,
        "done",
        {
            "analysed": len(summary.analysed),
            "cached": len(summary.cached),
            "removed": len(summary.removed),
            "problems": len(summary.problems),
        },
    )
    conn.close()
    return summary


def analyse_documents(
    docs: list[Document],
    settings: Settings,
    progress: Progress | None = None,
    stages: Sequence[str] = STAGE_MODULES,
) -> Iterator[tuple[Analysis, list[Problem]]]:
    """Documents already read through the per-document stages (in worker processes), in input order."""
    chosen = load_stages(stages)
    _prepare(settings, chosen)
    count = settings.workers or (os.cpu_count() or 1)
    if count <= 1 or len(docs) < _MIN_DOCS_FOR_POOL:
        results: Iterator[tuple[Analysis, list[Problem]]] = map(analyse_document, docs)
    else:
        limit = settings.max_seconds_per_document
        results = workers.run_jobs(
            [_Read(doc) for doc in docs],
            _analyse_read,
            workers=count,
            limit=limit + settings.max_seconds_grace if limit else 0,
            lost=_lost_document,
        )
    done: dict[str, tuple[Analysis, list[Problem]]] = {}
    for n, (analysis, problems) in enumerate(results, 1):
        done[analysis.doc.id] = (analysis, problems)
        if progress:
            progress("documents", n, len(docs))
    for doc in docs:
        yield done[doc.id]


@dataclass(frozen=True)
class _Read:
    """A document already read, as a job of the worker pool."""

    doc: Document

    @property
    def doc_id(self) -> str:
        """The id the pool reports the job by."""
        return self.doc.id


def _analyse_read(job: _Read) -> tuple[Analysis, list[Problem]]:
    return analyse_document(job.doc)


def _lost_document(job: _Read, stage: str, message: str) -> tuple[Analysis, list[Problem]]:
    doc = job.doc
    return Analysis(doc=doc), [Problem(path=doc.path, doc=doc.id, stage=stage, message=message)]


def _run_documents(
    jobs: list[_Job], stages: list[Stage], settings: Settings, progress: Progress | None
) -> Iterator[_Result]:
    total = len(jobs)
    if progress:
        progress("documents", 0, total)
    count = settings.workers or (os.cpu_count() or 1)
    _prepare(settings, stages)
    if count <= 1 or total < _MIN_DOCS_FOR_POOL:
        results: Iterator[_Result] = map(_run_job, jobs)
    else:
        limit = settings.max_seconds_per_document
        results = workers.run_jobs(
            jobs,
            _run_job,
            workers=count,
            limit=limit + settings.max_seconds_grace if limit else 0,
            lost=_lost,
        )
    for done, result in enumerate(results, 1):
        yield result
        if progress:
            progress("documents", done, total)
