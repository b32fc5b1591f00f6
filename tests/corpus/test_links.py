"""Links between events that are not one: parts of one deal, deaths of an attack (issue 8)."""

from __future__ import annotations

import pytest

from rashomon.corpus.links import link_events
from rashomon.model import Argument, Document, Event, EventMention, TimeValue
from rashomon.settings import default_settings

SETTINGS = default_settings()

TEXT = (
    "Ostrakan released 45 detainees at Lisgar on 3 March.\n"
    "In return, Velmora handed over maps of minefields.\n"
    "Artillery shelled Lisgar on 1 March, killing seven civilians.\n"
    "The ministers met in Geneva."
)


def _mention(mid, trigger, event_type, date=None, place=None, doc="a", text=TEXT):
    start = text.index(trigger)
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line_end = len(text) if line_end < 0 else line_end
    places = ()
    if place:
        p = text.index(place, line_start)
        places = (Argument(p, p + len(place), place, "location", "x:lisgar"),)
    return EventMention(
        id=mid,
        doc=doc,
        type=event_type,
        plover=None,
        sentence_start=line_start,
        sentence_end=line_end,
        trigger_start=start,
        trigger_end=start + len(trigger),
        trigger=trigger,
        date=TimeValue(date, "day") if date else None,
        places=places,
    )


def _event(eid, event_type, *mentions):
    return Event(eid, event_type, None, (), tuple(m.id for m in mentions), ("a",), (), "")


def _links(events, mentions, docs):
    return {
        e.id: {(link.event, link.kind, link.basis) for link in e.links}
        for e in link_events(events, mentions, docs, SETTINGS)
    }


DOCS = {"a": Document(id="a", path="a.txt", text=TEXT, sha256="a")}


def test_a_release_and_the_maps_given_in_return_go_together():
    released = _mention("a:m1", "released", "release", "2025-03-03", "Lisgar")
    maps = _mention("a:m2", "handed over", "handover")
    links = _links(
        [_event("e1", "release", released), _event("e2", "handover", maps)], [released, maps], DOCS
    )
    assert links["e1"] == {("e2", "linked", "in_return")}
    assert links["e2"] == {("e1", "linked", "in_return")}


def test_deaths_told_with_the_shelling_are_a_part_of_it():
    shelled = _mention("a:m3", "shelled", "attack", "2025-03-01", "Lisgar")
    killing = _mention("a:m4", "killing", "casualties", "2025-03-01")
    links = _links(
        [_event("e1", "attack", shelled), _event("e2", "casualties", killing)], [shelled, killing], DOCS
    )
    assert links["e2"] == {("e1", "part_of", "sentence")}
    assert links["e1"] == {("e2", "has_part", "sentence")}


def test_a_release_is_part_of_the_exchange_that_another_source_dates_alike():
    other = "Velmora and Ostrakan exchanged prisoners at Lisgar on 3 March."
    docs = {**DOCS, "b": Document(id="b", path="b.txt", text=other, sha256="b")}
    released = _mention("a:m1", "released", "release", "2025-03-03", "Lisgar")
    exchanged = _mention(
        "b:m1", "exchanged", "prisoner_exchange", "2025-03-03", "Lisgar", doc="b", text=other
    )
    events = [_event("e1", "release", released), _event("e2", "prisoner_exchange", exchanged)]
    links = _links(events, [released, exchanged], docs)
    assert links["e1"] == {("e2", "part_of", "dates")}


def test_types_the_ontology_does_not_relate_are_never_linked():
    met = _mention("a:m5", "met", "meeting")
    shelled = _mention("a:m3", "shelled", "attack", "2025-03-01", "Lisgar")
    links = _links([_event("e1", "meeting", met), _event("e2", "attack", shelled)], [met, shelled], DOCS)
    assert links == {"e1": set(), "e2": set()}


@pytest.mark.parametrize(
    ("release_day", "exchange_day", "linked"),
    [
        # the date window is 3 days: the index by spans of days must not lose a pair across spans
        ("2025-03-03", "2025-03-06", True),
        ("2025-03-03", "2025-02-28", True),
        ("2025-03-31", "2025-04-02", True),
        ("2025-03-03", "2025-03-07", False),
        ("2025-03-03", "2025-02-27", False),
    ],
)
def test_issue11_dated_parts_are_found_through_the_index_as_pair_by_pair(release_day, exchange_day, linked):
    other = "Velmora and Ostrakan exchanged prisoners at Lisgar on 3 March."
    docs = {**DOCS, "b": Document(id="b", path="b.txt", text=other, sha256="b")}
    released = _mention("a:m1", "released", "release", release_day, "Lisgar")
    exchanged = _mention(
        "b:m1", "exchanged", "prisoner_exchange", exchange_day, "Lisgar", doc="b", text=other
    )
    events = [_event("e1", "release", released), _event("e2", "prisoner_exchange", exchanged)]
    assert _links(events, [released, exchanged], docs)["e1"] == (
        {("e2", "part_of", "dates")} if linked else set()
    )


def test_issue11_with_only_links_on_dates_hold_one_of_those_events():
    other = "Velmora and Ostrakan exchanged prisoners at Lisgar on 3 March."
    docs = {**DOCS, "b": Document(id="b", path="b.txt", text=other, sha256="b")}
    released = _mention("a:m1", "released", "release", "2025-03-03", "Lisgar")
    exchanged = _mention(
        "b:m1", "exchanged", "prisoner_exchange", "2025-03-03", "Lisgar", doc="b", text=other
    )
    events = [_event("e1", "release", released), _event("e2", "prisoner_exchange", exchanged)]
    for only, expected in (({"e1"}, 1), ({"e2"}, 1), ({"e3"}, 0)):
        found = link_events(events, [released, exchanged], docs, SETTINGS, sentence_docs=set(), only=only)
        assert len(found[0].links) == expected, only
