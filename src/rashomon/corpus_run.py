"""The corpus stages of a run: alignment, events and framing over every stored analysis.

One document must never take the corpus down: a stored analysis that cannot be read leaves the
store (its file is analysed anew next time), and when a corpus stage fails, the stage is run on one
document at a time to find the document (and the mention) it fails on. Those are reported as
problems, kept out of the corpus and marked to be redone, and the corpus is built from the rest.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from . import store
from .errors import StageError, StoreError
from .model import Actor, Analysis, EventMention, Participant, Place, Problem
from .settings import Settings

if TYPE_CHECKING:
    from .pipeline import RunSummary

log = logging.getLogger(__name__)


class CorpusFailure(Exception):
    """A corpus stage raised; ``stage`` names it."""

    def __init__(self, stage: str, exc: Exception) -> None:
        super().__init__(f"stage {stage}: {type(exc).__name__}: {exc}")
        self.stage = stage
        self.exc = exc


@dataclass
class CorpusResults:
    """What the corpus stages produce, ready for store.save_corpus."""

    places: list[Place]
    actors: list[Actor]
    mentions: list[EventMention]
    assignments: dict[str, str]
    events: list[Any]
    framing: dict[str, Any]


def build_corpus(analyses: list[Analysis], settings: Settings) -> CorpusResults:
    """Run the corpus stages over analyses; CorpusFailure names the stage that raised."""
    from .actors import load_actors
    from .corpus.align import align
    from .corpus.compare import build_events
    from .corpus.framing import build_framing
    from .corpus.links import link_events
    from .gazetteer import load_gazetteer

    stage = "places"
    try:
        docs = {a.doc.id: a.doc for a in analyses}
        mentions: list[EventMention] = [m for a in analyses for m in a.events]
        gazetteer = load_gazetteer(settings)
        place_ids = sorted(
            {p.place for a in analyses for p in a.places if p.place}
            | {arg.ref for m in mentions for arg in m.places if arg.ref}
        )
        places: dict[str, Place] = {pid: gazetteer.place(pid) for pid in place_ids}
        stage = "actors"
        registry = load_actors(settings)
        actor_ids = sorted(
            {a.actor for an in analyses for a in an.actors if a.actor}
            | {arg.ref for m in mentions for arg in m.actors if arg.ref}
        )
        actors: list[Actor] = [registry.actor(aid) for aid in actor_ids]
        stage = "align"
        clusters = align(mentions, {a.doc.id: a for a in analyses}, settings)
        stage = "compare"
        participants: dict[str, list[Participant]] = {}
        for analysis in analyses:
            for participant in analysis.participants:
                participants.setdefault(participant.mention, []).append(participant)
        by_doc = {a.doc.id: a for a in analyses}
        events = build_events(clusters, mentions, docs, places, settings, participants, actors, by_doc)
        stage = "links"
        events = link_events(events, mentions, docs, settings)
        assignments = {mid: event.id for event in events for mid in event.mentions}
        stage = "framing"
        framing = build_framing(analyses, places, settings)
    except Exception as exc:
        raise CorpusFailure(stage, exc) from exc
    return CorpusResults(list(places.values()), actors, mentions, assignments, events, framing)


def _load(conn: sqlite3.Connection) -> tuple[list[Analysis], list[Problem]]:
    analyses: list[Analysis] = []
    problems: list[Problem] = []
    unreadable: list[str] = []
    for doc_id in store.analysed_ids(conn):
        try:
            analyses.append(store.load_analysis(conn, doc_id))
        except (StoreError, KeyError, TypeError, ValueError) as exc:
            log.warning("stored analysis of %s unreadable", doc_id, exc_info=True)
            unreadable.append(doc_id)
            problems.append(
                Problem(
                    path=doc_id,
                    doc=doc_id,
                    stage="store",
                    message=f"stored analysis unreadable ({type(exc).__name__}); removed, to be redone",
                )
            )
    if unreadable:
        store.drop_documents(conn, unreadable)
    return analyses, problems


def _culprits(analyses: list[Analysis], settings: Settings) -> list[Problem]:
    """The documents (and their first mention) a corpus stage fails on when run on them alone."""
    found: list[Problem] = []
    for analysis in analyses:
        try:
            build_corpus([analysis], settings)
            continue
        except CorpusFailure as failure:
            stage, message = failure.stage, f"{type(failure.exc).__name__}: {failure.exc}"
        where = ""
        for mention in analysis.events:
            try:
                build_corpus([replace(analysis, events=[mention])], settings)
            except CorpusFailure:
                where = f"mention {mention.id} ('{mention.trigger}' at {mention.trigger_start}): "
                break
        found.append(
            Problem(
                path=analysis.doc.path,
                doc=analysis.doc.id,
                stage=stage,
                message=f"{where}{message}; the document is left out of the corpus and will be redone",
            )
        )
    return found


def corpus_stages(conn: sqlite3.Connection, settings: Settings, summary: RunSummary) -> list[Problem]:
    """Build and store the corpus results; return the problems met on the way."""
    analyses, problems = _load(conn)
    try:
        results = build_corpus(analyses, settings)
    except CorpusFailure as failure:
        log.warning("corpus stage %s failed", failure.stage, exc_info=failure.exc)
        culprits = _culprits(analyses, settings)
        if not culprits:  # only the documents together fail: nothing to leave out
            raise StageError("(corpus)", failure.stage, f"{type(failure.exc).__name__}: {failure.exc}") from (
                failure.exc
            )
        for problem in culprits:
            if problem.doc is not None:
                store.invalidate_analysis(conn, problem.doc)
        bad = {p.doc for p in culprits}
        analyses = [a for a in analyses if a.doc.id not in bad]
        problems.extend(culprits)
        try:
            results = build_corpus(analyses, settings)
        except CorpusFailure as again:
            raise StageError(
                "(corpus)", again.stage, f"{type(again.exc).__name__}: {again.exc}"
            ) from again.exc
    store.save_corpus(
        conn,
        places=results.places,
        actors=results.actors,
        mentions=results.mentions,
        assignments=results.assignments,
        events=results.events,
        framing=results.framing,
    )
    events = results.events
    summary.documents = sorted(a.doc.id for a in analyses)
    summary.mentions = len(results.mentions)
    summary.events = len(events)
    summary.multi_source_events = sum(1 for e in events if len(e.docs) > 1)
    summary.discrepancies = sum(len(e.discrepancies) for e in events)
    return problems
