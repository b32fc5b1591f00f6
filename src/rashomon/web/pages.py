"""One report page rendered from the store on request: an event, a document, a page of search hits.

The event and document pages use the static report's own templates and helpers with the context
``report.render.iter_pages`` gives them, built from the rows of that one event or document, so the
web app shows what the report shows without rendering the whole report.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader

from .. import store
from ..codec import to_plain
from ..export import document_record, event_record, mention_record
from ..model import EventMention, Participant
from ..report.render import (
    event_headlines,
    page_context,
    render_document,
    render_event,
    render_framing,
    render_guide,
    report_env,
    safe_name,
)
from ..store import pages as P

Json = dict[str, Any]
PAGE_SIZE = 20  # distinct sentences per page of search hits
DOCS_PER_HIT = 10  # documents listed under one sentence (the rest are counted)


def _env() -> Environment:
    # the web app's own templates first; the report's (base.html and the pages) behind them
    loader = ChoiceLoader(
        [PackageLoader("rashomon.web", "templates"), PackageLoader("rashomon.report", "templates")]
    )
    return report_env(loader)


ENV = _env()


def _mention_records(
    conn: sqlite3.Connection, pairs: Sequence[tuple[EventMention, str | None]], texts: dict[str, str]
) -> dict[str, Json]:
    """The contract's records of these mentions (with their participants), by id."""
    groups: dict[str, list[Participant]] = defaultdict(list)
    for doc_id in sorted({m.doc for m, _ in pairs}):
        for participant in store.load_participants(conn, doc_id):
            groups[participant.mention].append(participant)
    return {m.id: mention_record(m, event or "", texts.get(m.doc, ""), groups[m.id]) for m, event in pairs}


def _context(conn: sqlite3.Connection) -> Json:
    """What every page reads (the corpus's documents' metadata, for its sides and the paths shown, and
    its places), kept per store file: the store is opened immutable, so it does not change while served."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    if path not in _CORPUS:
        docs = {d.id: to_plain(d) for d in store.document_infos(conn).values()}
        places = {p.id: to_plain(p) for p in store.load_places(conn)}
        _CORPUS[path] = (docs, places)
    docs, places = _CORPUS[path]
    return page_context(docs, places, [])


_CORPUS: dict[str, tuple[dict[str, Json], dict[str, Json]]] = {}


def event_page(conn: sqlite3.Connection, name: str) -> str | None:
    """The report's page of the event whose page name is ``name`` (None when there is none)."""
    event_id = P.find_id(conn, "events", name)
    event = P.load_event(conn, event_id) if event_id else None
    if event is None:
        return None
    linked = P.load_events(conn, [link.event for link in event.links])
    wanted = [*event.mentions, *(m for e in linked for m in e.mentions)]
    pairs = P.mentions_by_id(conn, wanted)
    mentions = _mention_records(conn, pairs, P.texts_of(conn, {m.doc for m, _ in pairs}))
    common = _context(conn)
    names = {a.id: a.name for a in store.load_actors(conn)}
    events_by_id = {e.id: event_record(e) for e in (*linked, event)}
    headlines = event_headlines(events_by_id.values(), common["places"], names, mentions)
    return render_event(ENV, events_by_id[event.id], events_by_id, headlines, mentions, names, common)


def document_page(conn: sqlite3.Connection, name: str) -> str | None:
    """The report's page of the document whose page name is ``name`` (None when there is none)."""
    doc_id = P.find_id(conn, "documents", name)
    if doc_id is None:
        return None
    record = document_record(conn, doc_id)
    # as in the export: the mentions that alignment placed in an event
    pairs = [(m, e) for m, e in P.mentions_of_document(conn, doc_id) if e is not None]
    mentions = list(_mention_records(conn, pairs, {doc_id: record["text"]}).values())
    common = _context(conn)
    common["docs"] = {**common["docs"], doc_id: record}
    return render_document(ENV, record, mentions, common)


def framing_page(conn: sqlite3.Connection) -> str:
    """The report's framing page, from the store's framing results."""
    return render_framing(ENV, store.load_framing(conn), _context(conn))


def guide_page(conn: sqlite3.Connection) -> str:
    """The report's reading guide."""
    return render_guide(ENV, _context(conn))


def search_results(conn: sqlite3.Connection, query: str, page: int) -> Json:
    """One page of search hits (the search page's JSON twin): each distinct sentence once, with the
    documents that hold it and the link to its span in each."""
    page = max(1, page)
    total, hits, more = P.search_sentences(
        conn, query, PAGE_SIZE, (page - 1) * PAGE_SIZE, per_hit=DOCS_PER_HIT
    )
    return {
        "query": query,
        "page": page,
        "page_size": PAGE_SIZE,
        "matches": total,
        "more": more,
        "hits": [
            {
                "sentence": hit.text,
                "n_docs": hit.n_docs,
                "docs": [{**asdict(d), "href": f"docs/{safe_name(d.doc)}.html#o{d.start}"} for d in hit.docs],
            }
            for hit in hits
        ],
    }


def search_page(results: Json, database_path: str) -> str:
    """The search page of ``search_results``."""
    return ENV.get_template("search.html").render(root="", results=results, database_path=database_path)
