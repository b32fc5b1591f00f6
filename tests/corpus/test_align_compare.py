"""Alignment and comparison on hand-built mentions of a fictional exchange."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rashomon.corpus.align import align_analyses as align
from rashomon.corpus.compare import build_events, consensus_date
from rashomon.model import (
    Analysis,
    Argument,
    CountMention,
    Document,
    EventMention,
    LabelMention,
    Participant,
    Place,
    PlaceName,
    TimeValue,
)
from rashomon.settings import default_settings

SETTINGS = default_settings()


def _doc(doc_id, text, side, published="2025-03-06"):
    return Document(id=doc_id, path=f"{doc_id}.txt", text=text, sha256=doc_id, side=side, published=published)


def _mention(mid, doc, text, event_type, date=None, count=None, label=None, place=None, basis="explicit"):
    trigger = next(w for w in ("exchanged", "freed", "swap", "released", "shelled") if w in text)
    start = text.index(trigger)
    counts, labels, places = (), (), ()
    if count is not None:
        c_text, what = count
        c_start = text.index(c_text)
        counts = (CountMention(c_start, c_start + len(c_text), c_text, float(c_text), what=what),)
    if label is not None:
        l_text, key = label
        l_start = text.index(l_text)
        labels = (LabelMention(l_start, l_start + len(l_text), l_text, key, "captive"),)
    if place is not None:
        p_text, ref = place
        p_start = text.index(p_text)
        places = (Argument(p_start, p_start + len(p_text), p_text, "location", ref),)
    date_text = next((d for d in ("3 March", "4 March", "25 March", "20 January") if d in text), None)
    date_start = text.index(date_text) if date_text else None
    return EventMention(
        id=mid,
        doc=doc,
        type=event_type,
        plover="CONCEDE",
        sentence_start=0,
        sentence_end=len(text),
        trigger_start=start,
        trigger_end=start + len(trigger),
        trigger=trigger,
        date=TimeValue(date, "day", basis=basis) if date else None,
        date_text=date_text if date else None,
        date_start=date_start if date else None,
        date_end=date_start + len(date_text) if date and date_text and date_start is not None else None,
        counts=counts,
        labels=labels,
        places=places,
        lemma={"exchanged": "exchange", "freed": "free", "released": "release"}.get(trigger, trigger),
    )


def _analyses(docs):
    return {doc_id: Analysis(doc=doc) for doc_id, doc in docs.items()}


def _participants(mentions):
    """The group each mention's count and label name, as the participants stage gives it."""
    out = {}
    for m in mentions:
        if m.counts or m.labels:
            count = m.counts[0] if m.counts else None
            lab = m.labels[0] if m.labels else None
            start = min(x.start for x in (count, lab) if x is not None)
            end = max(x.end for x in (count, lab) if x is not None)
            out[m.id] = [
                Participant(
                    mention=m.id,
                    start=start,
                    end=end,
                    text=f"{count.text if count else ''} {lab.text if lab else ''}".strip(),
                    role="released",
                    role_start=m.trigger_start,
                    role_end=m.trigger_end,
                    role_text=m.trigger,
                    count=count,
                    labels=(lab,) if lab else (),
                )
            ]
    return out


A = "Ostrakan released 45 detainees at Lisgar on 3 March."
B = "Ostrakan freed 45 prisoners of war at Kaltepe on 3 March."
C = "Velmora says 47 hostages were freed at Lisgar on 4 March."
D = "Artillery shelled a village on 20 January."

PLACES = {
    "x:lisgar": Place(
        id="x:lisgar",
        name="Lisgar / Kaltepe",
        names=(PlaceName("Lisgar", used_by=("velmora",)), PlaceName("Kaltepe", used_by=("ostrakan",))),
    )
}


def _corpus():
    docs = {
        "a": _doc("a", A, "velmora"),
        "b": _doc("b", B, "ostrakan"),
        "c": _doc("c", C, "velmora"),
        "d": _doc("d", D, "international"),
    }
    mentions = [
        _mention(
            "a:m1",
            "a",
            A,
            "release",
            "2025-03-03",
            ("45", "detainees"),
            ("detainees", "detainee"),
            ("Lisgar", "x:lisgar"),
        ),
        _mention(
            "b:m1",
            "b",
            B,
            "release",
            "2025-03-03",
            ("45", "prisoners of war"),
            ("prisoners of war", "prisoner_of_war"),
            ("Kaltepe", "x:lisgar"),
        ),
        _mention(
            "c:m1",
            "c",
            C,
            "release",
            "2025-03-04",
            ("47", "hostages"),
            ("hostages", "hostage"),
            ("Lisgar", "x:lisgar"),
        ),
        _mention("d:m1", "d", D, "attack", "2025-01-20"),
    ]
    return docs, mentions


def test_same_release_aligns_across_documents():
    docs, mentions = _corpus()
    clusters = align(mentions, _analyses(docs), SETTINGS)
    assert sorted(map(sorted, clusters)) == [["a:m1", "b:m1", "c:m1"], ["d:m1"]]


def test_dates_that_exclude_each_other_never_link():
    docs, mentions = _corpus()
    far = _mention("c:m2", "c", C.replace("4 March", "25 March"), "release", "2025-03-25", ("47", "hostages"))
    docs["c"] = _doc("c", C.replace("4 March", "25 March"), "velmora")
    clusters = align([*mentions[:2], far], _analyses(docs), SETTINGS)
    assert ["c:m2"] in clusters


def test_every_mention_in_exactly_one_cluster():
    docs, mentions = _corpus()
    ids = [i for cluster in align(mentions, _analyses(docs), SETTINGS) for i in cluster]
    assert sorted(ids) == sorted(m.id for m in mentions)


def test_discrepancies_list_who_says_what():
    docs, mentions = _corpus()
    clusters = align(mentions, _analyses(docs), SETTINGS)
    events = build_events(clusters, mentions, docs, PLACES, SETTINGS, _participants(mentions))
    exchange = next(e for e in events if "a:m1" in e.mentions)
    aspects = {d.aspect: d for d in exchange.discrepancies}
    assert {"date", "label", "place_name"} <= set(aspects)
    dates = {v.value: v.docs for v in aspects["date"].values}
    assert dates == {"2025-03-03": ("a", "b"), "2025-03-04": ("c",)}
    assert aspects["label"].kind == "framing"  # detainees and prisoners of war against hostages
    names = {v.value for v in aspects["place_name"].values}
    assert names == {"Lisgar", "Kaltepe"}
    assert aspects["place_name"].kind == "framing"
    assert exchange.date.value == "2025-03-03"
    assert exchange.sides == ("ostrakan", "velmora")
    assert "Lisgar / Kaltepe" in exchange.summary


def test_counts_of_different_things_are_not_a_discrepancy():
    docs, mentions = _corpus()
    events = build_events([["a:m1", "b:m1"]], mentions, docs, PLACES, SETTINGS)
    assert not [d for d in events[0].discrepancies if d.aspect == "count"]


def test_count_discrepancy_between_documents():
    docs, mentions = _corpus()
    other = _mention(
        "c:m9", "c", C.replace("hostages", "detainees"), "release", "2025-03-03", ("47", "detainees")
    )
    pair = [mentions[0], other]
    events = build_events([["a:m1", "c:m9"]], pair, docs, PLACES, SETTINGS, _participants(pair))
    [count] = [d for d in events[0].discrepancies if d.aspect == "count"]
    assert {v.value for v in count.values} == {"45", "47"}
    assert count.relation == "contradiction"


def test_summary_is_neutral_and_names_no_label():
    docs, mentions = _corpus()
    events = build_events(align(mentions, _analyses(docs), SETTINGS), mentions, docs, PLACES, SETTINGS)
    for event in events:
        for word in ("detainee", "prisoners of war", "hostage"):
            assert word not in event.summary


def test_consensus_prefers_explicit_dates():
    _, mentions = _corpus()
    doc_dated = _mention("b:m2", "b", B, "release", "2025-03-06", basis="document")
    assert consensus_date([doc_dated, mentions[0]]).value == "2025-03-03"
    assert consensus_date([doc_dated]).value == "2025-03-06"
    assert consensus_date([mentions[3].__class__(**{**mentions[3].__dict__, "date": None})]) is None


@pytest.mark.parametrize(
    ("day", "linked"), [("2025-03-03", True), ("2025-03-04", True), ("2025-03-25", False)]
)
def test_firm_dates_decide_links_across_stories(day, linked):
    """Two reports of a release at one place link when their written dates agree (issue 8)."""
    text = f"Ostrakan freed 45 detainees at Lisgar on {day}."
    docs = {"a": _doc("a", A, "velmora"), "c": _doc("c", text, "ostrakan")}
    near = _mention(
        "a:m1", "a", A, "release", "2025-03-03", ("45", "detainees"), place=("Lisgar", "x:lisgar")
    )
    far = _mention("c:m1", "c", text, "release", day, ("45", "detainees"), place=("Lisgar", "x:lisgar"))
    clusters = align([near, far], _analyses(docs), SETTINGS)
    assert (["a:m1", "c:m1"] in clusters) is linked


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300])
def test_issue9_figures_stored_before_the_bound_do_not_break_the_corpus(value):
    """Issue 9: an infinite count stored by an older version made compare fail with OverflowError."""
    docs = {"a": _doc("a", A, "velmora"), "b": _doc("b", B, "ostrakan")}
    huge = _mention("a:m1", "a", A, "prisoner_exchange", "2025-03-03", ("45", "detainees"))
    count = huge.counts[0]
    huge = replace(huge, counts=(replace(count, value=value),))
    other = _mention("b:m1", "b", B, "release", "2025-03-03", ("45", "prisoners of war"))
    clusters = align([huge, other], _analyses(docs), SETTINGS)
    events = build_events(clusters, [huge, other], docs, PLACES, SETTINGS)
    assert sum(len(e.mentions) for e in events) == 2
