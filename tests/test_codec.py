"""Records survive the trip to plain JSON values and back, exactly."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from rashomon.codec import decode, to_plain
from rashomon.model import (
    Analysis,
    Argument,
    Attribution,
    CountMention,
    Discrepancy,
    DiscrepancyValue,
    Document,
    Event,
    EventMention,
    LabelMention,
    Participant,
    Party,
    Sentence,
    Slot,
    SlotValue,
    TimeMention,
    TimeValue,
)

offsets = st.integers(min_value=0, max_value=10_000)
words = st.text(min_size=0, max_size=12)
time_values = st.builds(
    TimeValue,
    value=st.one_of(st.none(), st.sampled_from(["2020-11-09", "2020-11", "1990s"])),
    granularity=st.sampled_from(["day", "month", "decade", "range"]),
    start=st.one_of(st.none(), st.just("2020-09-27")),
    end=st.none(),
    basis=st.sampled_from(["explicit", "relative", "document", "inferred"]),
)
counts = st.builds(
    CountMention,
    start=offsets,
    end=offsets,
    text=words,
    value=st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1e9),
    high=st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)),
    approx=st.sampled_from([None, "about", "more_than"]),
    what=words,
    casualty=st.sampled_from([None, "killed", "wounded", "missing"]),
    part=st.booleans(),
    whole=st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)),
    whole_start=st.one_of(st.none(), offsets),
)
parties = st.one_of(
    st.none(),
    st.builds(Party, offsets, offsets, words, st.one_of(st.none(), st.just("state:AM")), st.just("demonym")),
)
# issue 13: participants survive the store's JSON round trip
participants = st.builds(
    Participant,
    mention=words,
    start=offsets,
    end=offsets,
    text=words,
    role=st.sampled_from(["released", "killed", "wounded"]),
    role_start=offsets,
    role_end=offsets,
    role_text=words,
    who=parties,
    by=parties,
    to=parties,
    count=st.one_of(st.none(), counts),
    singular=st.booleans(),
    pronoun=st.booleans(),
    negated=st.booleans(),
    unreal=st.booleans(),
    labels=st.lists(st.builds(LabelMention, offsets, offsets, words, words, words), max_size=2).map(tuple),
)
events = st.builds(
    EventMention,
    id=words,
    doc=words,
    type=st.sampled_from(["release", "agreement"]),
    plover=st.one_of(st.none(), st.just("CONCEDE")),
    sentence_start=offsets,
    sentence_end=offsets,
    trigger_start=offsets,
    trigger_end=offsets,
    trigger=words,
    date=st.one_of(st.none(), time_values),
    places=st.lists(
        st.builds(Argument, offsets, offsets, words, st.just("location"), st.none()), max_size=2
    ).map(tuple),
    counts=st.lists(counts, max_size=2).map(tuple),
    labels=st.lists(st.builds(LabelMention, offsets, offsets, words, words, words), max_size=2).map(tuple),
    attribution=st.one_of(
        st.none(), st.builds(Attribution, offsets, offsets, words, offsets, offsets, words, offsets, offsets)
    ),
)


@given(
    text=st.text(max_size=50),
    offset_map=st.lists(st.tuples(offsets, offsets), max_size=3).map(tuple),
    dates=st.lists(st.builds(TimeMention, offsets, offsets, words, st.just("date"), time_values), max_size=3),
    mentions=st.lists(events, max_size=3),
    groups=st.lists(participants, max_size=3),
)
def test_analysis_round_trips_through_json(text, offset_map, dates, mentions, groups):
    doc = Document(id="d", path="p.txt", text=text, sha256="x", offset_map=offset_map, warnings=("w",))
    analysis = Analysis(
        doc=doc, sentences=[Sentence(0, len(text), text)], dates=dates, events=mentions, participants=groups
    )
    assert decode(Analysis, json.loads(json.dumps(to_plain(analysis)))) == analysis


# issue 13: an event's slots and discrepancies, with their evidence, survive the store's JSON
slot_values = st.builds(
    SlotValue,
    doc=words,
    mention=words,
    value=words,
    text=words,
    start=offsets,
    end=offsets,
    low=st.one_of(st.none(), st.floats(min_value=0, max_value=1e9)),
    approx=st.sampled_from([None, "about", "at_least"]),
    category=st.sampled_from([None, "combatant"]),
    detail=st.booleans(),
)


@given(
    values=st.lists(slot_values, min_size=2, max_size=4),
    relation=st.sampled_from(["contradiction", "part_whole", "naming", "denial"]),
)
def test_event_with_slots_round_trips_through_json(values, relation):
    slot = Slot(
        "count:released:state:AM",
        "count",
        "number of people released (Armenia)",
        "released",
        "state:AM",
        tuple(values),
    )
    found = Discrepancy(
        aspect="count",
        kind="contradiction",
        what=slot.what,
        values=tuple(DiscrepancyValue(v.value, (v.mention,), (v.doc,), (v,)) for v in values),
        relation=relation,
        slot=slot.key,
        explanation="The sources give figures that cannot both be right.",
    )
    event = Event("e1", "release", None, (), ("m",), ("d",), (), "Release", (found,), (slot,))
    assert decode(Event, json.loads(json.dumps(to_plain(event)))) == event
