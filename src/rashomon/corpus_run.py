"""The corpus stages of a run: alignment, events and framing, over the records the store keeps.

They read small records, never whole analyses: each mention with its sentence's words and names,
each document's profile and metadata, the place and actor ids the documents refer to, and the texts
as a stream when framing compares groups of sources. An unchanged corpus (the same documents with
the same analyses, the same corpus key) skips them entirely.

One document must never take the corpus down: a stored record that cannot be read leaves the store
(its file is analysed anew next time), and when a corpus stage fails, the stage is run on one
document at a time to find the document (and the mention) it fails on. Those are reported as
problems, kept out of the corpus and marked to be redone, and the corpus is built from the rest.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import store
from .corpus.features import DocProfile
from .errors import StageError, StoreError
from .keys import corpus_key
from .model import Actor, Analysis, Document, Event, Place, Problem
from .settings import Settings
from .store.rows import AlignMention

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
class CorpusInputs:
    """What the corpus stages read: records, never whole analyses."""

    records: list[AlignMention]
    profiles: dict[str, DocProfile]
    docs: dict[str, Document]  # metadata (text left empty)
    refs: Callable[[str, list[str] | None], list[str]]  # (kind, documents or all) -> place or actor ids
    texts: Callable[[list[str] | None], Iterable[tuple[str, str | None, str]]]  # (id, side, text) stream
    names: Callable[[list[str] | None], Iterable[tuple[str, str, str | None, str]]]  # place names used

    def only(self, doc_ids: list[str], records: list[AlignMention] | None = None) -> CorpusInputs:
        """The inputs of some documents (and, given, only these mention records)."""
        keep = set(doc_ids)
        return CorpusInputs(
            [r for r in self.records if r.mention.doc in keep] if records is None else records,
            {d: p for d, p in self.profiles.items() if d in keep},
            {d: doc for d, doc in self.docs.items() if d in keep},
            lambda kind, ids: self.refs(kind, doc_ids if ids is None else ids),
            lambda ids: self.texts(doc_ids if ids is None else ids),
            lambda ids: self.names(doc_ids if ids is None else ids),
        )


@dataclass
class CorpusResults:
    """What the corpus stages produce, ready for store.save_corpus."""

    places: list[Place]
    actors: list[Actor]
    records: list[AlignMention]
    assignments: dict[str, str]
    events: list[Event]
    framing: dict[str, Any]
    problems: list[Problem] = field(default_factory=list)


def inputs_from_analyses(analyses: list[Analysis]) -> CorpusInputs:
    """Corpus inputs made directly from analyses (tests, fuzzing)."""
    from .corpus.records import document_records

    by_id = {a.doc.id: a for a in analyses}
    records: list[AlignMention] = []
    profiles: dict[str, DocProfile] = {}
    for analysis in analyses:
        prof, recs = document_records(analysis)
        profiles[analysis.doc.id] = prof
        records.extend(recs)

    def refs(kind: str, ids: list[str] | None) -> list[str]:
        chosen = [by_id[d] for d in (ids if ids is not None else by_id) if d in by_id]
        if kind == "place":
            found = {p.place for a in chosen for p in a.places if p.place}
            found |= {g.ref for a in chosen for m in a.events for g in m.places if g.ref}
        else:
            found = {x.actor for a in chosen for x in a.actors if x.actor}
            found |= {g.ref for a in chosen for m in a.events for g in m.actors if g.ref}
        return sorted(found)

    def texts(ids: list[str] | None) -> Iterable[tuple[str, str | None, str]]:
        return ((a.doc.id, a.doc.side, a.doc.text) for a in analyses if ids is None or a.doc.id in ids)

    def names(ids: list[str] | None) -> Iterable[tuple[str, str, str | None, str]]:
        chosen = [a for a in analyses if ids is None or a.doc.id in ids]
        found = sorted(
            (
                (m.place, k, n, a.doc.id, a.doc.side, m.text)
                for k, a in enumerate(chosen)
                for n, m in enumerate(a.places)
                if m.place
            ),
            key=lambda x: x[:3],
        )
        return [(p or "", d, side, words) for p, _, _, d, side, words in found]

    return CorpusInputs(records, profiles, {a.doc.id: a.doc for a in analyses}, refs, texts, names)


def build_corpus(inputs: CorpusInputs | list[Analysis], settings: Settings) -> CorpusResults:
    """Run the corpus stages; CorpusFailure names the stage that raised."""
    from .actors import load_actors
    from .corpus.align import align
    from .corpus.compare import build_events
    from .corpus.framing import framing_of
    from .gazetteer import load_gazetteer

    if isinstance(inputs, list):
        inputs = inputs_from_analyses(inputs)
    stage = "places"
    try:
        mentions = [r.mention for r in inputs.records]
        gazetteer = load_gazetteer(settings)
        places: dict[str, Place] = {pid: gazetteer.place(pid) for pid in inputs.refs("place", None)}
        stage = "actors"
        registry = load_actors(settings)
        actors: list[Actor] = [registry.actor(aid) for aid in inputs.refs("actor", None)]
        stage = "align"
        clusters = align(inputs.records, inputs.profiles, settings)
        stage = "compare"
        events = build_events(clusters, mentions, inputs.docs, places, settings)
        assignments = {mid: event.id for event in events for mid in event.mentions}
        stage = "framing"
        framing = framing_of(lambda: inputs.texts(None), inputs.names(None), places, settings)
    except Exception as exc:
        raise CorpusFailure(stage, exc) from exc
    return CorpusResults(list(places.values()), actors, inputs.records, assignments, events, framing)


def _culprits(inputs: CorpusInputs, settings: Settings) -> list[Problem]:
    """The documents (and their first mention) a corpus stage fails on when run on them alone."""
    found: list[Problem] = []
    for doc_id, doc in inputs.docs.items():
        alone = inputs.only([doc_id])
        try:
            build_corpus(alone, settings)
            continue
        except CorpusFailure as failure:
            stage, message = failure.stage, f"{type(failure.exc).__name__}: {failure.exc}"
        where = ""
        for record in alone.records:
            try:
                build_corpus(inputs.only([doc_id], [record]), settings)
            except CorpusFailure:
                m = record.mention
                where = f"mention {m.id} ('{m.trigger}' at {m.trigger_start}): "
                break
        found.append(
            Problem(
                path=doc.path,
                doc=doc_id,
                stage=stage,
                message=f"{where}{message}; the document is left out of the corpus and will be redone",
            )
        )
    return found


def _store_inputs(conn: sqlite3.Connection) -> tuple[CorpusInputs, list[Problem]]:
    """The corpus inputs held in the store; documents whose records cannot be read leave it."""
    unreadable: dict[str, str] = {}
    records: list[AlignMention] = []
    ids = store.analysed_ids(conn)
    for doc_id in ids:
        try:
            records.extend(store.align_mentions(conn, [doc_id]))
        except (StoreError, KeyError, TypeError, ValueError, AttributeError) as exc:
            unreadable[doc_id] = type(exc).__name__
    profiles: dict[str, DocProfile] = {}
    for doc_id in ids:
        try:
            profiles.update(store.profiles(conn, [doc_id]))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            unreadable.setdefault(doc_id, type(exc).__name__)
    problems = []
    for doc_id, error in sorted(unreadable.items()):
        log.warning("stored records of %s unreadable (%s)", doc_id, error)
        problems.append(
            Problem(
                path=doc_id,
                doc=doc_id,
                stage="store",
                message=f"stored analysis unreadable ({error}); removed, to be redone",
            )
        )
    if unreadable:
        store.drop_documents(conn, sorted(unreadable))
        records = [r for r in records if r.mention.doc not in unreadable]
        profiles = {d: p for d, p in profiles.items() if d not in unreadable}
    kept = set(ids) - unreadable.keys()
    inputs = CorpusInputs(
        records,
        profiles,
        {d: doc for d, doc in store.document_infos(conn).items() if d in kept},
        lambda kind, ids: store.refs(conn, kind, ids),
        lambda ids: store.document_texts(conn, ids),
        lambda ids: store.place_names(conn, ids),
    )
    return inputs, problems


def corpus_fingerprint(conn: sqlite3.Connection, settings: Settings) -> str:
    """What the corpus results depend on: the corpus key and every document's analysis and metadata."""
    digest = hashlib.sha256(corpus_key(settings).encode())
    for row in store.document_states(conn):
        digest.update("\x1f".join(str(v) for v in row).encode() + b"\x1e")
    return digest.hexdigest()[:16]


def corpus_stages(conn: sqlite3.Connection, settings: Settings, summary: RunSummary) -> list[Problem]:
    """Build and store the corpus results (unless nothing they depend on changed); return the problems."""
    fingerprint = corpus_fingerprint(conn, settings)
    if store.get_state(conn, "fingerprint") == fingerprint:
        _summarise(conn, summary)
        summary.corpus_skipped = True
        return []
    inputs, problems = _store_inputs(conn)
    try:
        results = build_corpus(inputs, settings)
    except CorpusFailure as failure:
        log.warning("corpus stage %s failed", failure.stage, exc_info=failure.exc)
        culprits = _culprits(inputs, settings)
        if not culprits:  # only the documents together fail: nothing to leave out
            raise StageError("(corpus)", failure.stage, f"{type(failure.exc).__name__}: {failure.exc}") from (
                failure.exc
            )
        for problem in culprits:
            if problem.doc is not None:
                store.invalidate_analysis(conn, problem.doc)
        bad = {p.doc for p in culprits}
        inputs = inputs.only([d for d in inputs.docs if d not in bad])
        problems.extend(culprits)
        try:
            results = build_corpus(inputs, settings)
        except CorpusFailure as again:
            raise StageError(
                "(corpus)", again.stage, f"{type(again.exc).__name__}: {again.exc}"
            ) from again.exc
    with store.transaction(conn):
        store.save_corpus(
            conn,
            places=results.places,
            actors=results.actors,
            assignments=results.assignments,
            events=results.events,
            framing=results.framing,
        )
        # a document left out is marked to be redone: the fingerprint then differs next time
        store.set_state(conn, "fingerprint", corpus_fingerprint(conn, settings))
    _summarise(conn, summary)
    return problems


def _summarise(conn: sqlite3.Connection, summary: RunSummary) -> None:
    counts = store.corpus_counts(conn)
    summary.documents = counts.documents
    summary.mentions = counts.mentions
    summary.events = counts.events
    summary.multi_source_events = counts.multi_source_events
    summary.discrepancies = counts.discrepancies
