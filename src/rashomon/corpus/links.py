"""Links between events that are not one event: the parts of one deal, a death and the attack it came
from, a release and the maps handed over in return.

Alignment keeps such events apart (they are different happenings with different facts); this stage
records how they relate, with the evidence a reader can check. Two events may be linked only when
the ontology says their types can relate (``part_of`` and ``linked`` in ontology.yaml), and only on
one of three kinds of evidence:
- ``sentence``: a source tells both in one sentence ("Azerbaijan released 15 prisoners in exchange for
  maps of minefields");
- ``in_return``: a source tells one, then the other in the next sentence opening with a cue of
  reciprocity ("In return, Armenia handed over ...");
- ``dates``: across sources, a mention of each written with dates of at most a month that fall
  within the date window, sharing a place or an actor (an exchange and a release it consists of).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace

from ..model import Document, Event, EventLink, EventMention
from ..ontology import Ontology, load_ontology
from ..settings import Settings
from .dates import gap_days, interval, width_days

_IN_RETURN = re.compile(
    r"^\W*(?:in\s+(?:return|exchange|turn)|in\s+response|simultaneously|at\s+the\s+same\s+time)\b", re.I
)
_FIRM = frozenset({"explicit", "relative"})


def _sentence_pairs(
    mentions: Iterable[EventMention], docs: Mapping[str, Document]
) -> Iterable[tuple[EventMention, EventMention, str]]:
    """Mention pairs told in one sentence, or in consecutive sentences with a reciprocity cue."""
    by_doc: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        by_doc[m.doc].append(m)
    for doc_id, ms in by_doc.items():
        ms.sort(key=lambda m: (m.sentence_start, m.trigger_start))
        sentences = sorted({(m.sentence_start, m.sentence_end) for m in ms})
        following = {sentences[i][0]: sentences[i + 1] for i in range(len(sentences) - 1)}
        by_sentence: dict[int, list[EventMention]] = defaultdict(list)
        for m in ms:
            by_sentence[m.sentence_start].append(m)
        text = docs[doc_id].text if doc_id in docs else ""
        for start, group in by_sentence.items():
            for x, a in enumerate(group):
                for b in group[x + 1 :]:
                    yield a, b, "sentence"
            nxt = following.get(start)
            if nxt is None or not _IN_RETURN.match(text[nxt[0] : nxt[1]]):
                continue
            for a in group:
                for b in by_sentence.get(nxt[0], []):
                    yield a, b, "in_return"


def _dated(m: EventMention) -> bool:
    span = interval(m.date)
    return m.date is not None and m.date.basis in _FIRM and span is not None and width_days(span) <= 31


def _date_pairs(
    events: list[Event],
    by_id: dict[str, EventMention],
    ontology: Ontology,
    window: int,
    only: Collection[str] | None = None,
) -> Iterable[tuple[EventMention, EventMention, str]]:
    """Mentions of events whose types can be parts of one another, dated alike, sharing a place or actor
    (with ``only``, pairs holding one of these events). Candidates come from an index by type, place or
    actor and span of days, so a corpus of many events is not compared pair by pair."""
    dated = {e.id: [by_id[i] for i in e.mentions if i in by_id and _dated(by_id[i])] for e in events}
    size = window + 1
    index: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for n, e in enumerate(events):
        for m in dated[e.id]:
            for key in _date_keys(m, size):
                index[(e.type, *key)].append(n)
    for event in events:
        wanted = ontology.types[event.type].part_of if event.type in ontology.types else ()
        for whole_type in wanted:
            near: set[int] = set()
            for m in dated[event.id]:
                for ref, bucket in _date_keys(m, size):
                    for b in (bucket - 1, bucket, bucket + 1):
                        near.update(index.get((whole_type, ref, b), ()))
            for n in sorted(near):
                whole = events[n]
                if only is not None and event.id not in only and whole.id not in only:
                    continue
                pair = _agreeing(dated[event.id], dated[whole.id], window)
                if pair is not None:
                    yield pair[0], pair[1], "dates"


def _date_keys(m: EventMention, size: int) -> set[tuple[str, int]]:
    """(place or actor, span of ``size`` days) of each day a dated mention covers."""
    span = interval(m.date)
    if span is None:
        return set()
    first, last = span[0].toordinal() // size, span[1].toordinal() // size
    refs = {arg.ref for arg in (*m.places, *m.actors) if arg.ref}
    return {(ref, b) for ref in refs for b in range(first, last + 1)}


def _agreeing(
    xs: list[EventMention], ys: list[EventMention], window: int
) -> tuple[EventMention, EventMention] | None:
    for a in xs:
        da = interval(a.date)
        refs_a = {arg.ref for arg in (*a.places, *a.actors) if arg.ref}
        for b in ys:
            db = interval(b.date)
            if da is None or db is None or gap_days(da, db) > window:
                continue
            if refs_a & {arg.ref for arg in (*b.places, *b.actors) if arg.ref}:
                return a, b
    return None


def link_events(
    events: list[Event],
    mentions: list[EventMention],
    docs: Mapping[str, Document],
    settings: Settings,
    sentence_docs: Collection[str] | None = None,
    only: Collection[str] | None = None,
) -> list[Event]:
    """The events with their links (each link recorded on both events, with its evidence).

    With ``sentence_docs``, links told within one document are looked for in these documents only (the
    others' are known already: an added document's run reads no other text); with ``only``, links on
    dates are looked for between these events and the rest (the rest's are known already)."""
    ontology = load_ontology(settings)
    event_of = {mid: e.id for e in events for mid in e.mentions}
    types = {e.id: e.type for e in events}
    by_id = {m.id: m for m in mentions}
    found: dict[tuple[str, str], EventLink] = {}
    candidates = [
        *_sentence_pairs(
            (m for m in mentions if m.id in event_of and (sentence_docs is None or m.doc in sentence_docs)),
            docs,
        ),
        *_date_pairs(events, by_id, ontology, settings.align_date_window_days, only),
    ]
    for a, b, basis in candidates:
        ea, eb = event_of.get(a.id), event_of.get(b.id)
        if ea is None or eb is None or ea == eb or (ea, eb) in found:
            continue
        kind = ontology.relation(types[ea], types[eb])
        if kind is None:
            continue
        inverse = {"part_of": "has_part", "has_part": "part_of", "linked": "linked"}[kind]
        found[(ea, eb)] = EventLink(eb, kind, basis, (a.id, b.id))  # type: ignore[arg-type]
        found[(eb, ea)] = EventLink(ea, inverse, basis, (b.id, a.id))  # type: ignore[arg-type]
    links: dict[str, list[EventLink]] = defaultdict(list)
    for (ea, _), link in sorted(found.items()):
        links[ea].append(link)
    return [replace(e, links=tuple(links.get(e.id, ()))) for e in events]
