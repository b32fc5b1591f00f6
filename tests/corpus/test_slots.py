"""Event facts as slots, one value per document (issue 13 item 2): each rule as a table.

Mentions and participants are built by hand over sentences written for these tests.
"""

from __future__ import annotations

import pytest

from rashomon.corpus.claims import load_cues, thing_after
from rashomon.corpus.slots import build_slots, count_values, firm_date, group_side
from rashomon.model import (
    Argument,
    CountMention,
    Document,
    EventMention,
    Participant,
    Party,
    TimeValue,
)

CUES = load_cues()


def _doc(doc_id, text, published="2025-03-06"):
    return Document(id=doc_id, path=f"{doc_id}.txt", text=text, sha256=doc_id, published=published)


def _span(text, words, after=0):
    start = text.index(words, after)
    return start, start + len(words)


def _mention(doc, text, trigger, n=1, type_="release", date=None, modality="asserted", actors=(), places=()):
    t0, t1 = _span(text, trigger)
    date_args: dict[str, object] = {"date": None}
    if date is not None:
        words, value, granularity, basis = date
        d0, d1 = _span(text, words)
        date_args = {
            "date": TimeValue(value, granularity, basis=basis),
            "date_text": words,
            "date_start": d0,
            "date_end": d1,
        }
    return EventMention(
        id=f"{doc}:m{n}",
        doc=doc,
        type=type_,
        plover=None,
        sentence_start=0,
        sentence_end=len(text),
        trigger_start=t0,
        trigger_end=t1,
        trigger=trigger,
        modality=modality,
        actors=tuple(Argument(*_span(text, w), w, role, ref) for w, role, ref in actors),
        places=tuple(Argument(*_span(text, w), w, "location", ref) for w, ref in places),
        **date_args,  # type: ignore[arg-type]
    )


def _group(mention, text, words, role, figure=None, approx=None, who=None, to=None, singular=False, **kw):
    g0, g1 = _span(text, words)
    count = None
    if figure is not None:
        number = words.split()[0]
        count = CountMention(g0, g0 + len(number), number, float(figure), approx=approx, **kw)

    def party(words, ref):
        return Party(*_span(text, words), words, ref)

    return Participant(
        mention=mention.id,
        start=g0,
        end=g1,
        text=words,
        role=role,
        role_start=mention.trigger_start,
        role_end=mention.trigger_end,
        role_text=mention.trigger,
        who=party(*who) if who else None,
        to=party(*to) if to else None,
        count=count,
        singular=singular,
    )


def _slots(mentions, participants, docs):
    by_mention = {}
    for p in participants:
        by_mention.setdefault(p.mention, []).append(p)
    return {s.key: s for s in build_slots(mentions, by_mention, docs, {}, {"state:AM": "Armenia"})}


def _chosen(slot):
    return {v.doc: v.value for v in slot.values if not v.detail}


# -- one value per document --------------------------------------------------------------------------


def test_a_document_gives_one_value_the_most_specific_and_keeps_the_rest_as_detail():
    text = "Ostrakan freed more than 15 detainees and then 15 detainees came home."
    m1 = _mention("a", text, "freed")
    m2 = _mention("a", text, "came home", n=2)
    groups = [
        _group(m1, text, "more than 15 detainees", "released", 15, "more_than"),
        _group(m2, text, "15 detainees", "released", 15),
    ]
    slot = _slots([m1, m2], groups, {"a": _doc("a", text)})["count:released:"]
    assert _chosen(slot) == {"a": "15"}
    assert [v.value for v in slot.values if v.detail] == ["more than 15"]


@pytest.mark.parametrize(
    ("text", "groups", "expected"),
    [
        # a toll adds up the groups one word names
        ("The shelling killed 5 soldiers and 2 civilians.", [("5 soldiers", 5), ("2 civilians", 2)], "7"),
        # one named person and a figure
        ("The shelling killed 5 soldiers and a nurse.", [("5 soldiers", 5), ("a nurse", None)], "6"),
    ],
)
def test_a_toll_adds_up_the_groups_of_one_word(text, groups, expected):
    m = _mention("a", text, "killed", type_="casualties")
    made = [_group(m, text, w, "killed", n, singular=n is None) for w, n in groups]
    slot = _slots([m], made, {"a": _doc("a", text)})["count:killed:"]
    assert _chosen(slot) == {"a": expected}


def test_an_exchange_of_two_groups_is_two_figures_not_their_sum():
    text = "The parties exchanged 46 and 12 detained persons."
    m = _mention("a", text, "exchanged", type_="prisoner_exchange")
    made = [
        _group(m, text, "46 and 12 detained persons", "exchanged", 46),
        _group(m, text, "12 detained persons", "exchanged", 12),
    ]
    values = _slots([m], made, {"a": _doc("a", text)})["count:released:"].values
    assert sorted(v.value for v in values) == ["12", "46"]


@pytest.mark.parametrize(
    ("text", "words", "role", "kept"),
    [
        # 'including a child' is a part of the eight, not one more
        ("Eight civilians were killed, including a child.", "a child", "killed", False),
        # a figure whose own words name another casualty belongs to that one
        ("Three civilians killed 12 others injured in the attack.", "12 others", "killed", False),
        ("Three civilians killed and 12 others killed in the attack.", "12 others", "killed", True),
    ],
)
def test_groups_that_are_not_more_people_of_the_role(text, words, role, kept):
    m = _mention("a", text, "killed", type_="casualties")
    first = text.split()[0] + " civilians"
    figure = 8 if first.startswith("Eight") else 3
    made = [_group(m, text, first, role, figure)]
    other = _group(m, text, words, role, None if words == "a child" else 12, singular=words == "a child")
    slot = _slots([m], [*made, other], {"a": _doc("a", text)})["count:killed:"]
    assert _chosen(slot) == {"a": str(figure + 12) if kept else str(figure)}


def test_a_vague_plural_is_a_lower_bound():
    text = "Dozens of people were wounded in the raid."
    m = _mention("a", text, "wounded", type_="casualties")
    [value] = count_values([_group(m, text, "Dozens of people", "wounded", 12)], CUES)
    assert (value.value, value.approx, value.low) == ("at least 12", "at_least", 12.0)


# -- who a group is -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "who", "to", "expected"),
    [
        (
            "Azerbaijan handed over 15 Armenian prisoners.",
            "15 Armenian prisoners",
            ("Armenian", "state:AM"),
            None,
            "state:AM",
        ),
        (
            "Azerbaijan returned 15 prisoners to Armenia.",
            "15 prisoners",
            None,
            ("Armenia", "state:AM"),
            "state:AM",
        ),
        # a name the registry does not know, as the source writes it
        ("Forty prisoners returned home to Velmora.", "Forty prisoners", None, ("Velmora", None), "~velmora"),
        # handed to a body, not a side: no side
        ("The bodies were handed to the Red Cross.", "The bodies", None, ("Red Cross", "org:icrc"), ""),
        ("Fifteen prisoners were freed.", "Fifteen prisoners", None, None, ""),
    ],
)
def test_the_side_of_a_group(text, words, who, to, expected):
    m = _mention("a", text, text.split()[1])
    assert group_side(_group(m, text, words, "released", who=who, to=to)) == expected


def test_a_group_without_a_side_takes_the_side_of_its_documents_group_with_the_same_figure():
    text = "Ostrakan returns 45 detainees. Ostrakan handed over 45 Velmoran detainees to Velmora."
    m1 = _mention("a", text, "returns")
    m2 = _mention("a", text, "handed over", n=2)
    made = [
        _group(m1, text, "45 detainees", "released", 45),
        _group(m2, text, "45 Velmoran detainees", "released", 45, who=("Velmoran", None)),
    ]
    slots = _slots([m1, m2], made, {"a": _doc("a", text)})
    assert "count:released:" not in slots
    assert len(slots["count:released:~velmoran"].values) == 2


# -- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date", "firm"),
    [
        (
            "The statement was signed on November 9, 2020.",
            ("November 9, 2020", "2020-11-09", "day", "explicit"),
            True,
        ),
        (
            "The prisoners were swapped on Wednesday at the bridge.",
            ("Wednesday", "2025-03-05", "day", "relative"),
            True,
        ),
        (
            "The prisoners were swapped about a month ago.",
            ("about a month ago", "2025-02", "month", "relative"),
            False,
        ),
        ("The prisoners were swapped now, officials said.", ("now", "2025-03-06", "day", "relative"), False),
        # the date that signs an embedded post is the post's (issue 13)
        (
            "The boy was shot. pic.twitter.com/x1 — News 2 (@News2) January 22, 2016",
            ("January 22, 2016", "2016-01-22", "day", "explicit"),
            False,
        ),
        # the page's own dates: a publication line, a photo caption (issue 13)
        (
            "Posted on March 5 2025 by the desk. The prisoners were swapped.",
            ("March 5 2025", "2025-03-05", "day", "explicit"),
            False,
        ),
        (
            "The prisoners were swapped, March 4 2025 (File photo) shows the bridge.",
            ("March 4 2025", "2025-03-04", "day", "explicit"),
            False,
        ),
        # a date that bounds a period is not the day of what happened (issue 13)
        (
            "Since Wednesday clashes have rocked the city and 23 people were shot.",
            ("Wednesday", "2025-03-05", "day", "relative"),
            False,
        ),
        (
            "The prisoners were held until Monday and swapped at the bridge.",
            ("Monday", "2025-03-03", "day", "relative"),
            False,
        ),
        # a dateline runs into the first sentence: not the event's date
        (
            "Thu 06 Mar 2025 The prisoners were swapped.",
            ("06 Mar 2025", "2025-03-06", "day", "explicit"),
            False,
        ),
    ],
)
def test_firm_dates(text, date, firm):
    trigger = next(w for w in ("swapped", "signed", "shot") if w in text)
    m = _mention("a", text, trigger, date=date)
    assert firm_date(m, _doc("a", text)) is firm


def test_a_date_from_the_publication_or_another_sentence_is_not_the_events():
    text = "The prisoners were swapped."
    m = _mention("a", text, "swapped")
    from dataclasses import replace

    dated = replace(m, date=TimeValue("2025-03-06", "day", basis="document"))
    assert firm_date(dated, _doc("a", text)) is False
    elsewhere = replace(
        m, date=TimeValue("2025-03-04", "day"), date_text="4 March", date_start=40, date_end=47
    )
    assert firm_date(elsewhere, _doc("a", text + " It was on 4 March.")) is False


# -- what was given in return, mediators, claims --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in exchange for a map of minefields", "map"),
        ("in return for maps detailing 97,000 mines", "map"),
        ("in exchange for the release of two soldiers", "release"),
        ("in exchange for", None),
    ],
)
def test_the_thing_given_in_return(text, expected):
    pos = CUES.in_return.search(text).end()
    found = thing_after(text, pos, CUES)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Velmora freed 15 prisoners in exchange for a map of minefields.", "freed", {"map"}),
        ("Velmora freed 15 prisoners. In return, Ostrakan handed over 12 saboteurs.", "freed", {"saboteur"}),
        ("Velmora freed 15 prisoners; it was not an exchange, the ministry said.", "freed", {"no exchange"}),
        ("Velmora freed 15 prisoners at the border.", "freed", set()),
    ],
)
def test_in_return_slot(text, trigger, expected):
    m = _mention("a", text, trigger)
    slots = _slots([m], [], {"a": _doc("a", text)})
    values = {v.value for v in slots["in_return"].values} if "in_return" in slots else set()
    assert values == expected


@pytest.mark.parametrize(
    ("text", "actors", "expected"),
    [
        (
            "The exchange was mediated by the Red Cross.",
            [("Red Cross", "mediator", "org:icrc")],
            {"org:icrc"},
        ),
        ("The two sides met without any intermediaries.", [], {"none"}),
    ],
)
def test_mediator_slot(text, actors, expected):
    m = _mention("a", text, "exchange" if "exchange" in text else "met", actors=actors)
    slots = _slots([m], [], {"a": _doc("a", text)})
    assert {v.value for v in slots["mediator"].values} == expected


@pytest.mark.parametrize(
    ("text", "trigger", "modality", "expected"),
    [
        ("Ostrakani artillery shelled Lisgar.", "shelled", "asserted", "asserted"),
        ("The ministry denied that Ostrakani artillery had shelled the town.", "shelled", "denied", "denied"),
        # the denial belongs to another event word between the cue and this one
        (
            "Velmora said Ostrakani artillery had not fired on the town before it shelled Lisgar.",
            "shelled",
            "denied",
            None,
        ),
    ],
)
def test_claims_per_agent(text, trigger, modality, expected):
    actors = [("Ostrakani", "agent", None)]
    m = _mention("a", text, trigger, type_="attack", modality=modality, actors=actors)
    others = [m]
    if "fired" in text:
        others.append(_mention("a", text, "fired", n=2, type_="attack", modality="denied"))
    by_mention: dict[str, list[Participant]] = {}
    slots = {s.key: s for s in build_slots([m], by_mention, {"a": _doc("a", text)}, {}, {}, {"a": others})}
    values = {v.value for v in slots["claim:~ostrakani"].values} if "claim:~ostrakani" in slots else set()
    assert values == ({expected} if expected else set())


def test_a_claim_with_no_one_named_acting_is_not_a_slot():
    text = "The town was shelled."
    m = _mention("a", text, "shelled", type_="attack")
    assert not [k for k in _slots([m], [], {"a": _doc("a", text)}) if k.startswith("claim")]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("Velmoran", "~velmoran"),
        ("Ostrakan", "~ostrakan"),
        ("the terrorists", ""),
        ("armed groups", ""),
        ("", ""),
    ],
)
def test_a_side_the_tool_names_is_a_name_never_a_sources_word_for_people(words, expected):
    """The neutral voice (issue 13): '(the terrorists)' must never appear as who a group is."""
    from rashomon.corpus.facts import name_word

    assert name_word(words) == expected


@pytest.mark.parametrize(
    ("text", "day", "firm"),
    [
        # the date of the saying, outside what is said: not the event's
        ("On Monday, the coroner said the guard died of his wounds.", "Monday", False),
        ("The guard has died, his family confirmed on Thursday.", "Thursday", False),
        # the date inside what is said is the event's
        ("The coroner said the guard died on Sunday.", "Sunday", True),
    ],
)
def test_issue13_a_date_of_the_saying_is_not_the_events(text, day, firm):
    from dataclasses import replace

    from rashomon.model import Attribution

    m = _mention("a", text, "died", type_="attack", date=(day, "2025-03-03", "day", "relative"))
    content = text.index("the guard") if "the guard" in text else 0
    end = text.index(",") if text.startswith("The guard") else len(text) - 1
    said = Attribution(
        sentence_start=0,
        sentence_end=len(text),
        source="x",
        source_start=0,
        source_end=0,
        cue="said",
        cue_start=0,
        cue_end=0,
        content_start=content,
        content_end=end,
    )
    assert firm_date(replace(m, attribution=said), _doc("a", text)) is firm


def test_issue13_a_toll_of_one_person_without_a_figure_is_marked_person():
    text = "A woman was hurt in the shooting. One guard was hurt too."
    m1 = _mention("a", text, "hurt", type_="attack")
    m2 = _mention("b", text, "hurt", type_="attack")
    woman = _group(m1, text, "A woman", "wounded", singular=True)
    guard = _group(m2, text, "One guard", "wounded", 1)
    slots = _slots([m1, m2], [woman, guard], {"a": _doc("a", text), "b": _doc("b", text)})
    values = {v.doc: v.category for v in slots["count:wounded:"].values if not v.detail}
    assert values == {"a": "person", "b": None}
