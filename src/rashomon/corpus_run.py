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
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from . import store
from .errors import StageError, StoreError
from .keys import corpus_key
from .model import Actor, Analysis, Document, Event, EventLink, EventMention, Participant, Place, Problem
from .settings import Settings
from .store import alignstate
from .store import pages as store_pages
from .store.rows import AlignMention

if TYPE_CHECKING:  # the corpus modules import spaCy's word lists: loaded only when the stages run
    from .corpus.align import Alignment
    from .corpus.features import DocProfile
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
    # the groups of people of each mention, by mention id (of these documents or all)
    participants: Callable[[list[str] | None], dict[str, list[Participant]]]
    text: Callable[[str], str]  # one document's text

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
            lambda ids: self.participants(doc_ids if ids is None else ids),
            self.text,
        )


class TextDocs(Mapping[str, Document]):
    """Documents' metadata with their text, read when a document is looked up (the last few kept):
    the corpus stages look at the text around a few mentions, never at every text at once."""

    _KEEP = 256

    def __init__(self, infos: Mapping[str, Document], text: Callable[[str], str]) -> None:
        self.infos = infos
        self.text = text
        self._recent: OrderedDict[str, Document] = OrderedDict()

    def __getitem__(self, doc_id: str) -> Document:
        found = self._recent.get(doc_id)
        if found is not None:
            self._recent.move_to_end(doc_id)
            return found
        info = self.infos[doc_id]
        found = info if info.text else replace(info, text=self.text(doc_id))
        self._recent[doc_id] = found
        if len(self._recent) > self._KEEP:
            self._recent.popitem(last=False)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.infos)

    def __len__(self) -> int:
        return len(self.infos)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.infos


def _by_mention(participants: Iterable[Participant]) -> dict[str, list[Participant]]:
    out: dict[str, list[Participant]] = {}
    for p in participants:
        out.setdefault(p.mention, []).append(p)
    return out


@dataclass
class CorpusResults:
    """What the corpus stages produce, ready for store.save_corpus."""

    places: list[Place]
    actors: list[Actor]
    records: list[AlignMention]
    assignments: dict[str, str]
    events: list[Event]
    framing: dict[str, Any]
    alignment: Alignment | None = None


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

    def participants(ids: list[str] | None) -> dict[str, list[Participant]]:
        chosen = [a for a in analyses if ids is None or a.doc.id in ids]
        return _by_mention(p for a in chosen for p in a.participants)

    return CorpusInputs(
        records,
        profiles,
        {a.doc.id: a.doc for a in analyses},
        refs,
        texts,
        names,
        participants,
        lambda doc_id: by_id[doc_id].doc.text,
    )


def build_corpus(inputs: CorpusInputs | list[Analysis], settings: Settings) -> CorpusResults:
    """Run the corpus stages; CorpusFailure names the stage that raised."""
    from .actors import load_actors
    from .corpus.align import align_detail
    from .corpus.compare import build_events
    from .corpus.framing import framing_of
    from .corpus.links import link_events
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
        alignment = align_detail(inputs.records, inputs.profiles, settings)
        stage = "compare"
        docs = TextDocs(inputs.docs, inputs.text)
        participants = inputs.participants(None)
        events = build_events(
            alignment.events,
            mentions,
            docs,
            places,
            settings,
            participants,
            actors,
            inputs.records,
            inputs.profiles,
            alignment.story_of_doc,
        )
        stage = "links"
        events = link_events(events, mentions, docs, settings)
        assignments = {mid: event.id for event in events for mid in event.mentions}
        stage = "framing"
        framing = framing_of(
            lambda: inputs.texts(None),
            inputs.names(None),
            places,
            settings,
            together=_together(alignment.story_of_doc, (e.docs for e in events)),
        )
    except Exception as exc:
        raise CorpusFailure(stage, exc) from exc
    return CorpusResults(
        list(places.values()), actors, inputs.records, assignments, events, framing, alignment
    )


def _together(story_of_doc: Mapping[str, int], event_docs: Iterable[Sequence[str]]) -> list[list[str]]:
    """Groups of documents told as one story, for framing: each story of alignment, and the
    documents of each event reported by several."""
    stories: dict[int, list[str]] = {}
    for doc_id, story in story_of_doc.items():
        stories.setdefault(story, []).append(doc_id)
    return [*stories.values(), *(list(docs) for docs in event_docs if len(docs) > 1)]


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
        lambda ids: _stored_participants(conn, ids),
        lambda doc_id: _stored_text(conn, doc_id),
    )
    return inputs, problems


def _stored_participants(conn: sqlite3.Connection, ids: list[str] | None) -> dict[str, list[Participant]]:
    if ids is None:
        return _by_mention(store.load_participants(conn))
    return _by_mention(p for d in ids for p in store.load_participants(conn, d))


def _stored_text(conn: sqlite3.Connection, doc_id: str) -> str:
    return next((text for _, _, text in store.document_texts(conn, [doc_id])), "")


def corpus_fingerprint(conn: sqlite3.Connection, settings: Settings) -> str:
    """What the corpus results depend on: the corpus key and every document's analysis and metadata."""
    digest = hashlib.sha256(corpus_key(settings).encode())
    for row in store.document_states(conn):
        digest.update("\x1f".join(str(v) for v in row).encode() + b"\x1e")
    return digest.hexdigest()[:16]


# an addition of at most this share of the corpus is aligned against it; past it, a full run is
# cheaper than looking up what the new documents reach
_INCREMENTAL_SHARE = 0.5


def corpus_stages(
    conn: sqlite3.Connection, settings: Settings, summary: RunSummary, *, incremental: bool = True
) -> list[Problem]:
    """Build and store the corpus results (unless nothing they depend on changed); return the problems.

    When documents were only added since the last build (and the corpus key is the same), the new
    mentions are aligned against the stored events (``corpus.incremental``); otherwise, or when that
    fails, everything is rebuilt.
    """
    fingerprint = corpus_fingerprint(conn, settings)
    if store.get_state(conn, "fingerprint") == fingerprint:
        _summarise(conn, summary)
        summary.corpus_skipped = True
        return []
    new = _added(conn, settings) if incremental else None
    if new is not None:
        try:
            _incremental(conn, settings, new)
            _summarise(conn, summary)
            summary.corpus_incremental = True
            return []
        except Exception:  # the full build below finds and reports what failed
            log.warning("incremental corpus stages failed; rebuilding the corpus", exc_info=True)
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
        _write_state(conn, settings, inputs, results)
        # a document left out is marked to be redone: the fingerprint then differs next time
        store.set_state(conn, "fingerprint", corpus_fingerprint(conn, settings))
    _summarise(conn, summary)
    return problems


def _write_state(
    conn: sqlite3.Connection, settings: Settings, inputs: CorpusInputs, results: CorpusResults
) -> None:
    """Keep what the next run needs to align new documents against this corpus."""
    from .corpus.incremental import new_bags

    alignment = results.alignment
    assert alignment is not None
    alignstate.clear(conn)
    states = alignstate.current_states(conn)
    aligned = {d: p for d, p in inputs.profiles.items() if d in alignment.story_of_doc}
    alignstate.write_docs(
        conn, {d: states[d] for d in inputs.docs if d in states}, alignment.story_of_doc, alignment.doc_keys
    )
    doc_of = {r.mention.id: r.mention.doc for r in inputs.records}
    stories = {m: alignment.story_of_doc.get(doc_of[m], -1) for m in alignment.group_of_mention}
    alignstate.write_mentions(conn, stories, alignment.group_of_mention, alignment.cross_keys)
    for kind, bags in new_bags(aligned, inputs.records).items():
        alignstate.add_df(conn, kind, bags)
    store.set_state(conn, "corpus_key", corpus_key(settings))


def _added(conn: sqlite3.Connection, settings: Settings) -> list[str] | None:
    """The documents added since the last build, when nothing else changed; None otherwise."""
    built = alignstate.built_states(conn)
    if not built or store.get_state(conn, "corpus_key") != corpus_key(settings):
        return None
    current = alignstate.current_states(conn)
    if any(current.get(doc_id) != state for doc_id, state in built.items()):
        return None
    new = sorted(current.keys() - built.keys())
    if not new or len(new) > max(1, int(len(built) * _INCREMENTAL_SHARE)):
        return None
    return new


class _Reader:
    """The store, as incremental alignment reads it."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def df(self, kind: str) -> tuple[dict[str, int], int]:
        return alignstate.df(self.conn, kind)

    def key_counts(self, table: str, keys: Iterable[str]) -> dict[str, int]:
        return alignstate.key_counts(self.conn, table, keys)

    def docs_with_keys(self, keys: Iterable[str]) -> dict[str, list[str]]:
        return alignstate.docs_with_keys(self.conn, keys)

    def keys_of_docs(self, doc_ids: Iterable[str]) -> dict[str, list[str]]:
        return alignstate.keys_of_docs(self.conn, doc_ids)

    def stories_of(self, doc_ids: Iterable[str]) -> dict[str, int]:
        return alignstate.stories_of(self.conn, doc_ids)

    def story_members(self, stories: Iterable[int]) -> list[str]:
        return alignstate.story_members(self.conn, stories)

    def profiles(self, doc_ids: Iterable[str]) -> dict[str, DocProfile]:
        return store.profiles(self.conn, doc_ids)

    def records_of_docs(self, doc_ids: Iterable[str]) -> list[AlignMention]:
        return list(store.align_mentions(self.conn, doc_ids))

    def align_records(self, mention_ids: Iterable[str]) -> list[AlignMention]:
        return alignstate.align_records(self.conn, mention_ids)

    def placement(self, mention_ids: Iterable[str]) -> dict[str, tuple[int | None, int | None, str | None]]:
        return alignstate.placement(self.conn, mention_ids)

    def mentions_with_keys(self, keys: Iterable[str]) -> list[str]:
        return alignstate.mentions_with_keys(self.conn, keys)

    def groups_of_events(self, events: Iterable[str]) -> list[int]:
        return alignstate.groups_of_events(self.conn, events)

    def mentions_of_groups(self, groups: Iterable[int]) -> list[str]:
        return alignstate.mentions_of_groups(self.conn, groups)

    def next_number(self, what: str) -> int:
        return alignstate.next_number(self.conn, what)


def _incremental(conn: sqlite3.Connection, settings: Settings, new: list[str]) -> None:
    """Align the documents in ``new`` against the stored corpus and update what depends on them."""
    from .actors import load_actors
    from .corpus.compare import build_events
    from .corpus.framing import framing_of
    from .corpus.incremental import align_more, new_bags
    from .gazetteer import load_gazetteer

    with store.transaction(conn):
        records = list(store.align_mentions(conn, new))
        aligned = sorted({r.mention.doc for r in records})
        profiles = store.profiles(conn, aligned)
        for kind, bags in new_bags(profiles, records).items():
            alignstate.add_df(conn, kind, bags)
        gazetteer = load_gazetteer(settings)
        places = {p.id: p for p in store.load_places(conn)}
        for pid in store.refs(conn, "place", new):
            if pid not in places:
                places[pid] = gazetteer.place(pid)
        registry = load_actors(settings)
        known_actors = {a.id for a in store.load_actors(conn)}
        new_actors = [registry.actor(a) for a in store.refs(conn, "actor", new) if a not in known_actors]
        if aligned:
            update = align_more(_Reader(conn), aligned, settings)
            ids = [m for event in update.events for m in event]
            records = alignstate.align_records(conn, ids)
            mentions = [r.mention for r in records]
            involved = sorted({m.doc for m in mentions})
            docs = TextDocs(store.document_infos(conn, involved), lambda d: _stored_text(conn, d))
            events = build_events(
                update.events,
                mentions,
                docs,
                places,
                settings,
                _stored_participants(conn, involved),
                [*store.load_actors(conn), *new_actors],
                records,
                store.profiles(conn, involved),
            )
            first = alignstate.event_numbers(conn)
            events = [replace(e, id=f"e{first + k}") for k, e in enumerate(events)]
            events, relinked = _relink(conn, events, mentions, update.replaced, docs, involved, settings)
            store.delete_events(conn, update.replaced)
            store.write_events(conn, events, alignstate.next_number(conn, "event"))
            store.set_event_links(conn, relinked)
            conn.executemany(
                "UPDATE mentions SET event = ? WHERE id = ?", [(e.id, m) for e in events for m in e.mentions]
            )
            alignstate.write_mentions(
                conn, update.story_of_mention, update.group_of_mention, update.cross_keys
            )
            keys = update.doc_keys
            stories = update.story_of_doc
        else:
            keys, stories = {}, {}
        store.add_places_actors(conn, [p for p in places.values()], new_actors)
        states = alignstate.current_states(conn)
        alignstate.write_docs(conn, {d: states[d] for d in new if d in states}, stories, keys)
        framing = framing_of(
            lambda: store.document_texts(conn),
            store.place_names(conn),
            places,
            settings,
            store.document_sides(conn),
            _together(alignstate.stories_of(conn, store.analysed_ids(conn)), store.multi_doc_events(conn)),
        )
        store.save_framing(conn, framing)
        store.set_state(conn, "fingerprint", corpus_fingerprint(conn, settings))


def _relink(
    conn: sqlite3.Connection,
    events: list[Event],
    new_mentions: list[EventMention],
    replaced: set[str],
    docs: Mapping[str, Document],
    involved: list[str],
    settings: Settings,
) -> tuple[list[Event], dict[str, tuple[EventLink, ...]]]:
    """Links of the new events, and the stored events whose links change: links within one document
    are looked for in the documents the new events involve (a pair elsewhere is unchanged), links
    on dates between a new event and the stored events near it (same place or actor, nearby months); a
    stored event keeps its other links, less those to replaced events."""
    from .corpus.dates import interval
    from .corpus.links import link_events

    new_ids = {e.id for e in events}
    months: set[str] = set()
    refs: set[str] = set()
    for m in new_mentions:
        span = interval(m.date) if m.date is not None and m.date.basis in ("explicit", "relative") else None
        if span is None:
            continue
        refs.update(arg.ref for arg in (*m.places, *m.actors) if arg.ref)
        # a partner's span starts at most two months from this one's (spans of at most a month that lie
        # within the date window of each other)
        year, month = span[0].year, span[0].month
        for step in range(-2, 3):
            y, mo = divmod(year * 12 + month - 1 + step, 12)
            months.add(f"{y:04d}-{mo + 1:02d}")
    ending = {link.event for e in store_pages.load_events(conn, replaced) for link in e.links}
    near = (store.events_near(conn, involved, months, refs) | ending) - replaced
    stored = store_pages.load_events(conn, near)
    mentions = [*store.mentions_of_events(conn, near), *new_mentions]
    found = link_events([*events, *stored], mentions, docs, settings, set(involved), new_ids)
    changed: dict[str, tuple[EventLink, ...]] = {}
    old = {e.id: e.links for e in stored}
    for event in found:
        if event.id in new_ids:
            continue
        kept = [link for link in old[event.id] if link.event not in replaced]
        merged = tuple(
            sorted(
                {(link.event, link.kind): link for link in [*kept, *event.links]}.values(),
                key=lambda link: link.event,
            )
        )
        if merged != old[event.id]:
            changed[event.id] = merged
    return [e for e in found if e.id in new_ids], changed


def _summarise(conn: sqlite3.Connection, summary: RunSummary) -> None:
    counts = store.corpus_counts(conn)
    summary.documents = counts.documents
    summary.mentions = counts.mentions
    summary.events = counts.events
    summary.multi_source_events = counts.multi_source_events
    summary.discrepancies = counts.discrepancies
