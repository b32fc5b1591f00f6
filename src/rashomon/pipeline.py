"""The runner: documents through the per-document stages (cached, in parallel), then the corpus stages."""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, store
from .errors import ConfigError, Error, IngestError
from .ingest import SourceRow, assign_ids, discover, find_sources, load_document, read_sources, source_for
from .model import Actor, Analysis, Document, EventMention, Place, Problem
from .settings import Settings
from .stages import Stage, StageFn

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
        missing = [r for r in stage.requires if r not in assigned]
        if missing:
            raise ConfigError(
                f"stage {stage.name} requires {', '.join(missing)}, which no earlier stage assigns"
            )
        assigned.add(stage.assigns)


def pipeline_key(stages: Sequence[Stage], settings: Settings) -> str:
    """A hash of everything a stored analysis depends on besides the document's bytes."""
    parts = [__version__, *(s.version for s in stages)]
    for path in (*settings.place_alias_files, *settings.actor_alias_files, *settings.ontology_files):
        try:
            parts.append(hashlib.sha256(Path(path).read_bytes()).hexdigest())
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc}") from exc
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


# -- per-document work (runs in worker processes) -----------------------------------------------

_WORKER: dict[str, Any] = {}


def _prepare(settings: Settings, stages: Sequence[Stage]) -> None:
    """Build every stage callable once per process (models, lexicons, gazetteers load here)."""
    if _WORKER.get("settings") == settings and _WORKER.get("stages") == list(stages):
        return
    _WORKER["settings"] = settings
    _WORKER["stages"] = list(stages)
    _WORKER["callables"] = [stage.factory(settings) for stage in stages]


def analyse_document(doc: Document) -> tuple[Analysis, list[Problem]]:
    """Run every stage over one document; a failing stage is recorded and its dependents skipped."""
    settings: Settings = _WORKER["settings"]
    stages: list[Stage] = _WORKER["stages"]
    callables: list[StageFn] = _WORKER["callables"]
    analysis = Analysis(doc=doc)
    failed: set[str] = set()
    problems: list[Problem] = []
    for stage, fn in zip(stages, callables, strict=True):
        if failed.intersection(stage.requires):
            failed.add(stage.assigns)
            continue
        try:
            setattr(analysis, stage.assigns, fn(analysis, settings))
        except Exception as exc:  # a bug or bad input in one stage must not sink the batch
            failed.add(stage.assigns)
            problems.append(
                Problem(path=doc.path, doc=doc.id, stage=stage.name, message=f"{type(exc).__name__}: {exc}")
            )
    return analysis, problems


# -- the run ----------------------------------------------------------------------------------


def _read_documents(
    paths: Sequence[Path], sources_file: Path | None, settings: Settings, conn: sqlite3.Connection
) -> tuple[list[Document], list[Problem]]:
    problems: list[Problem] = []
    try:
        files = discover(paths)
    except IngestError as exc:
        return [], [Problem(path=exc.path, stage="ingest", message=exc.message)]
    rows: dict[str, SourceRow] = {}
    try:
        for csv_path in find_sources(paths):
            rows.update(read_sources(csv_path))
        if sources_file is not None:
            rows.update(read_sources(sources_file))
    except Error as exc:
        problems.append(Problem(path=str(sources_file or paths[0]), stage="sources", message=str(exc)))
    known = store.document_ids(conn)
    ids = assign_ids(files, taken=known)
    docs: list[Document] = []
    for path in files:
        row = source_for(rows, path)
        try:
            docs.append(load_document(path, doc_id=ids[path], source=row, settings=settings))
        except IngestError as exc:
            problems.append(Problem(path=str(path), stage="ingest", message=exc.message, doc=ids[path]))
    return docs, problems


def analyze(
    paths: Sequence[str | Path],
    *,
    db: str | Path,
    settings: Settings,
    sources: str | Path | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Analyse documents into the store at ``db`` and rebuild the corpus results."""
    stages = load_stages()
    key = pipeline_key(stages, settings)
    conn = store.connect(db)
    run_id = store.start_run(conn, {"paths": [str(p) for p in paths], "sources": str(sources or "")})
    summary = RunSummary(run_id=run_id)
    try:
        docs, problems = _read_documents(
            [Path(p) for p in paths], Path(sources) if sources else None, settings, conn
        )
        for problem in problems:
            store.add_problem(conn, run_id, problem)
        summary.problems.extend(problems)
        todo: list[Document] = []
        for doc in docs:
            if store.cached_analysis(conn, doc.id, doc.sha256, key) is not None:
                summary.cached.append(doc.id)
            else:
                todo.append(doc)
        for analysis, doc_problems in _run_documents(todo, stages, settings, progress):
            # a document with a failed stage is stored (nothing is lost) but not cached as complete
            store.save_analysis(conn, analysis, "partial" if doc_problems else key)
            summary.analysed.append(analysis.doc.id)
            for problem in doc_problems:
                store.add_problem(conn, run_id, problem)
            summary.problems.extend(doc_problems)
        if progress:
            progress("corpus", 0, 1)
        _corpus_stages(conn, settings, summary)
        if progress:
            progress("corpus", 1, 1)
    except BaseException:
        store.finish_run(conn, run_id, "interrupted", {})
        conn.close()
        raise
    store.finish_run(
        conn,
        run_id,
        "done",
        {"analysed": len(summary.analysed), "cached": len(summary.cached), "problems": len(summary.problems)},
    )
    conn.close()
    return summary


def _run_documents(
    docs: list[Document], stages: list[Stage], settings: Settings, progress: Progress | None
) -> Any:
    total = len(docs)
    if progress:
        progress("documents", 0, total)
    workers = settings.workers or (os.cpu_count() or 1)
    _prepare(settings, stages)
    if workers <= 1 or total < _MIN_DOCS_FOR_POOL:
        for done, doc in enumerate(docs, 1):
            yield analyse_document(doc)
            if progress:
                progress("documents", done, total)
        return
    # fork shares the models loaded by _prepare with the workers instead of loading them again
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for done, result in enumerate(pool.map(analyse_document, docs, chunksize=4), 1):
            yield result
            if progress:
                progress("documents", done, total)


def _corpus_stages(conn: sqlite3.Connection, settings: Settings, summary: RunSummary) -> None:
    from .actors import load_actors
    from .corpus.align import align
    from .corpus.compare import build_events
    from .corpus.framing import build_framing
    from .gazetteer import load_gazetteer

    analyses = [store.load_analysis(conn, doc_id) for doc_id in store.analysed_ids(conn)]
    docs = {a.doc.id: a.doc for a in analyses}
    mentions: list[EventMention] = [m for a in analyses for m in a.events]
    gazetteer = load_gazetteer(settings)
    place_ids = sorted(
        {p.place for a in analyses for p in a.places if p.place}
        | {arg.ref for m in mentions for arg in m.places if arg.ref}
    )
    places: dict[str, Place] = {pid: gazetteer.place(pid) for pid in place_ids}
    registry = load_actors(settings)
    actor_ids = sorted(
        {a.actor for an in analyses for a in an.actors if a.actor}
        | {arg.ref for m in mentions for arg in m.actors if arg.ref}
    )
    actors: list[Actor] = [registry.actor(aid) for aid in actor_ids]
    clusters = align(mentions, docs, settings)
    events = build_events(clusters, mentions, docs, places, settings)
    assignments = {mid: event.id for event in events for mid in event.mentions}
    framing = build_framing(analyses, places, settings)
    store.save_corpus(
        conn,
        places=list(places.values()),
        actors=actors,
        mentions=mentions,
        assignments=assignments,
        events=events,
        framing=framing,
    )
    summary.documents = sorted(docs)
    summary.mentions = len(mentions)
    summary.events = len(events)
    summary.multi_source_events = sum(1 for e in events if len(e.docs) > 1)
    summary.discrepancies = sum(len(e.discrepancies) for e in events)
