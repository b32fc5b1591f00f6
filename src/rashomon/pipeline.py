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
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import store, workers
from .corpus_run import corpus_stages
from .errors import ConfigError, IngestError, StoreError
from .ingest import load_document
from .keys import stage_keys
from .model import Analysis, Document, Problem
from .plan import Job, make_plan, missing
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
    "places",
    "actors",
    "parse",
    "attribution",
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
    stages_run: Counter[str] = field(default_factory=Counter)  # stage -> documents it ran on
    corpus_skipped: bool = False  # nothing the corpus stages read had changed
    corpus_incremental: bool = False  # new documents were aligned against the stored events
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of plan, documents, corpus
    mentions: int = 0
    events: int = 0
    multi_source_events: int = 0
    discrepancies: int = 0


def load_stages(modules: Sequence[str] = STAGE_MODULES) -> list[Stage]:
    """The registered stages, checked so that every stage's inputs are produced before it runs."""
    stages = [importlib.import_module(f"rashomon.stages.{name}").STAGE for name in modules]
    check_order(stages)
    return stages


def module_of(stage: Stage) -> str:
    """The name under rashomon.stages of the module that registers ``stage``."""
    for name in STAGE_MODULES:
        if stage == importlib.import_module(f"rashomon.stages.{name}").STAGE:
            return name
    raise ConfigError(f"stage {stage.name} is not registered in rashomon.stages")


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
    """Build every stage callable once per process (models, lexicons, gazetteers load here); again
    when a resource they read has changed since (its key changed)."""
    keys = stage_keys(stages, settings)
    if (
        _WORKER.get("settings") == settings
        and _WORKER.get("stages") == list(stages)
        and _WORKER.get("keys") == keys
    ):
        return
    # built before they are recorded: a factory that fails leaves no half-prepared process behind
    callables = [stage.factory(settings) for stage in stages]
    _WORKER["keys"] = keys
    _WORKER["callables"] = callables
    _WORKER["settings"] = settings
    _WORKER["stages"] = list(stages)


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
    """Run every stage over one document; a failing stage is recorded and its dependents skipped."""
    return _analyse(Analysis(doc=doc), frozenset(s.name for s in _WORKER["stages"]))


def _analyse(analysis: Analysis, run: frozenset[str]) -> tuple[Analysis, list[Problem]]:
    """Run the stages named in ``run`` over ``analysis`` (the others' fields are filled already).

    The document has ``max_seconds_per_document`` for all its stages: past it the stage it is in is
    recorded as the problem, the stages after it are skipped, and what was done is returned.
    """
    settings: Settings = _WORKER["settings"]
    stages: list[Stage] = _WORKER["stages"]
    callables: list[StageFn] = _WORKER["callables"]
    doc = analysis.doc
    failed: set[str] = set()
    problems: list[Problem] = []
    with _time_limit(settings.max_seconds_per_document):
        for stage, fn in zip(stages, callables, strict=True):
            if stage.name not in run:
                continue
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
                failed.update(s.assigns for s in stages[stages.index(stage) :])
                break
            except Exception as exc:  # a bug or bad input in one stage must not sink the batch
                failed.add(stage.assigns)
                log.warning("%s: stage %s failed", doc.path, stage.name, exc_info=True)
                problems.append(
                    Problem(
                        path=doc.path, doc=doc.id, stage=stage.name, message=f"{type(exc).__name__}: {exc}"
                    )
                )
    _WORKER["failed"] = failed
    return analysis, problems


# what one job returns: its rows for the store (None: nothing to store), problems, stages it ran
_Result = tuple[Job, "store.DocRows | None", list[Problem], tuple[str, ...]]


def _reader(db: str) -> sqlite3.Connection:
    """This process's read-only connection to the store (workers read stored stage results)."""
    conn: sqlite3.Connection | None = _WORKER.get("reader")
    if conn is None or _WORKER.get("reader_db") != db:
        conn = store.connect_readonly(db)
        _WORKER["reader"], _WORKER["reader_db"] = conn, db
    return conn


def _to_run(job: Job, stored_keys: dict[str, str]) -> frozenset[str]:
    """The stages whose stored result is missing or was made with another key, and the stages whose
    results are not stored (parse tokens) when one of those reads them."""
    stages: list[Stage] = _WORKER["stages"]
    keys: dict[str, str] = _WORKER["keys"]
    run = {s.name for s in stages if stored_keys.get(s.name) != keys[s.name]}
    needed = {field for s in stages if s.name in run for field in s.requires}
    run |= {s.name for s in stages if s.assigns in store.NOT_STORED and s.assigns in needed}
    return frozenset(run)


def _load_job(job: Job) -> tuple[Analysis, frozenset[str]]:
    """The document with its stored results that are still valid, and the stages left to run."""
    stages: list[Stage] = _WORKER["stages"]
    if not job.reuse:
        doc = load_document(job.path, doc_id=job.doc_id, source=job.source, settings=_WORKER["settings"])
        return Analysis(doc=doc), frozenset(s.name for s in stages)
    conn = _reader(job.db)
    stored_keys = store.stage_keys_of(conn, job.doc_id)
    run = _to_run(job, stored_keys)
    keep = [s.assigns for s in stages if s.name not in run and s.assigns not in store.NOT_STORED]
    analysis = Analysis(
        doc=store.load_document(conn, job.doc_id), **store.load_outputs(conn, job.doc_id, keep)
    )
    return analysis, run


def _rows(job: Job, analysis: Analysis, run: frozenset[str], problems: list[Problem]) -> store.DocRows:
    """The store rows of an analysed document, with the records the corpus stages read."""
    from .corpus.records import document_records

    stages: list[Stage] = _WORKER["stages"]
    keys: dict[str, str] = _WORKER["keys"]
    failed: set[str] = _WORKER.get("failed", set()) if run else set()
    done = [(s.name, s.assigns, keys[s.name]) for s in stages if s.assigns not in failed]
    profile, records = document_records(analysis)
    return store.analysis_rows(
        analysis, done, ingest_key=job.ingest_key, complete=not problems, profile=profile, align=records
    )


def _run_job(job: Job) -> _Result:
    """Ingest (or the stored text), the stages whose results are not current, and the store rows of
    one document, within the document's time limit."""
    settings: Settings = _WORKER["settings"]
    result: _Result | None = None
    try:
        with _time_limit(settings.max_seconds_per_document):
            workers.note(job.doc_id, "ingest")
            try:
                analysis, run = _load_job(job)
            except IngestError as exc:
                return _lost(job, "ingest", exc.message)
            except StoreError as exc:  # a stored result this version cannot read: redo it all
                log.warning("%s: %s", job.doc_id, exc)
                return _run_job(replace(job, reuse=False))
            except _Overtime:
                _ALARM["caught"] = True
                return job, None, [_overtime(str(job.path), job.doc_id, "ingest", settings)], ()
            except Exception as exc:  # a hostile file may find a bug in a parser: it is that file's problem
                log.warning("%s: ingest failed", job.path, exc_info=True)
                return _lost(job, "ingest", f"{type(exc).__name__}: {exc}")
            if run == frozenset(s.name for s in _WORKER["stages"]):
                analysis, problems = analyse_document(analysis.doc)
            else:
                analysis, problems = _analyse(analysis, run)
            workers.note(job.doc_id, "store")
            result = (job, _rows(job, analysis, run, problems), problems, tuple(sorted(run)))
    except _Overtime:  # the alarm rang as the document finished
        _ALARM["caught"] = True
        if result is None:
            return job, None, [_overtime(str(job.path), job.doc_id, "ingest", settings)], ()
    assert result is not None
    return result


def _lost(job: Job, stage: str, message: str) -> _Result:
    return job, None, [Problem(path=str(job.path), doc=job.doc_id, stage=stage, message=message)], ()


# -- the run ----------------------------------------------------------------------------------


def analyze(
    paths: Sequence[str | Path],
    *,
    db: str | Path,
    settings: Settings,
    sources: str | Path | None = None,
    progress: Progress | None = None,
    keep_missing: bool = False,
    engine: str = "local",
    address: str | None = None,
) -> RunSummary:
    """Analyse documents into the store at ``db`` and bring the corpus results up to date.

    A document whose file, sources row and stage keys are unchanged is not touched; one whose stage
    keys changed reruns those stages only. Stored documents whose file no longer exists leave the
    store (``keep_missing`` keeps them); a file that can no longer be read takes its analysis with
    it. ``engine`` 'ray' runs the per-document stages on a Ray cluster (``address``, or a local one).
    """
    stages = load_stages()
    keys = stage_keys(stages, settings)
    expected = store.analysis_key(keys)
    conn = store.connect(db)
    run_id = store.start_run(conn, {"paths": [str(p) for p in paths], "sources": str(sources or "")})
    summary = RunSummary(run_id=run_id)
    started = time.perf_counter()
    try:
        plan = make_plan([Path(p) for p in paths], Path(sources) if sources else None, settings, conn)
        for problem in plan.problems:
            store.add_problem(conn, run_id, problem)
        summary.problems.extend(plan.problems)
        if plan.drop:
            store.drop_documents(conn, sorted(set(plan.drop)))
        stored = {s.id: s for s in store.stored_documents(conn)}
        todo: list[Job] = []
        for job in plan.jobs:
            known = stored.get(job.doc_id)
            same_text = (
                known is not None
                and known.sha256 == plan.hashes[job.doc_id]
                and known.ingest_key == job.ingest_key
            )
            if same_text and known is not None and known.complete and known.analysis_key == expected:
                summary.cached.append(job.doc_id)
                if known.path != str(job.path):
                    store.set_document_path(conn, job.doc_id, str(job.path))
            else:
                todo.append(replace(job, reuse=same_text, db=str(db)))
        summary.seconds["plan"] = time.perf_counter() - started
        started = time.perf_counter()
        results = _run_documents(todo, stages, settings, progress, engine, address)
        for job, rows, doc_problems, ran in results:
            if rows is None:
                store.drop_documents(conn, [job.doc_id])
            else:
                store.save_rows(conn, rows)
                summary.analysed.append(job.doc_id)
                summary.stages_run.update(ran)
            for problem in doc_problems:
                store.add_problem(conn, run_id, problem)
            summary.problems.extend(doc_problems)
        if not keep_missing:
            summary.removed = missing(conn, plan.seen)
            store.drop_documents(conn, summary.removed)
        summary.seconds["documents"] = time.perf_counter() - started
        started = time.perf_counter()
        if progress:
            progress("corpus", 0, 1)
        corpus_problems = corpus_stages(conn, settings, summary)
        summary.seconds["corpus"] = time.perf_counter() - started
        for problem in corpus_problems:
            store.add_problem(conn, run_id, problem)
        summary.problems.extend(corpus_problems)
        if progress:
            progress("corpus", 1, 1)
    except BaseException:
        with contextlib.suppress(StoreError):
            store.finish_run(conn, run_id, "interrupted", {})
        _close_reader()
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
    _close_reader()
    conn.close()
    return summary


def _close_reader() -> None:
    conn = _WORKER.pop("reader", None)
    if conn is not None:
        conn.close()


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
    jobs: list[Job],
    stages: list[Stage],
    settings: Settings,
    progress: Progress | None,
    engine: str = "local",
    address: str | None = None,
) -> Iterator[_Result]:
    total = len(jobs)
    if progress:
        progress("documents", 0, total)
    if not jobs:
        return  # nothing to analyse: no model to load
    count = settings.workers or (os.cpu_count() or 1)
    if engine == "ray":
        from .engine_ray import run_on_ray

        results: Iterator[_Result] = run_on_ray(jobs, stages, settings, address)
    else:
        _prepare(settings, stages)
        if count <= 1 or total < _MIN_DOCS_FOR_POOL:
            results = map(_run_job, jobs)
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
