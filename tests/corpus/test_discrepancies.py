"""Discrepancies between documents' values of one slot (issue 13 item 3): each rule as a table.

Values are built by hand; the sentences in the documents are written for these tests.
"""

from __future__ import annotations

import pytest

from rashomon.corpus.discrepancies import covers, find_discrepancies
from rashomon.model import Document, Place, PlaceName, Slot, SlotValue

TEXT = "Officials said the figure was given in the report."


def _doc(doc_id, published="2025-03-04", side=None, text=TEXT):
    return Document(id=doc_id, path=f"{doc_id}.txt", text=text, sha256=doc_id, published=published, side=side)


def _count(doc, value, approx=None, high=None, whole=None, detail=False):
    low = float(value)
    shown = str(value) if approx is None else f"{approx.replace('_', ' ')} {value}"
    return SlotValue(
        doc,
        f"{doc}:m1",
        shown,
        str(value),
        0,
        2,
        low=low,
        high=high,
        approx=approx,
        whole=whole,
        detail=detail,
    )


def _slot(values, role="released", aspect="count"):
    return Slot(f"{aspect}:{role}:", aspect, f"number of people {role}", role=role, values=tuple(values))


DOCS = {d: _doc(d) for d in ("a", "b", "c")}


# (value of a, value of b, role, relation or None when nothing is shown)
@pytest.mark.parametrize(
    ("a", "b", "role", "expected"),
    [
        # the same figure: no discrepancy
        (_count("a", 15), _count("b", 15), "released", None),
        # exact figures that differ
        (_count("a", 45), _count("b", 48), "released", "contradiction"),
        # an approximation that covers the exact figure is compatible: 'more than 100' and '120'
        (_count("a", 100, "more_than"), _count("b", 120), "killed", None),
        (_count("a", 100, "about"), _count("b", 97), "killed", None),
        (_count("a", 30, "at_least"), _count("b", 31), "killed", None),
        (_count("a", 10, "up_to"), _count("b", 8), "killed", None),
        (_count("a", 60, high=64), _count("b", 62), "killed", None),
        # ... and one that does not is a contradiction
        (_count("a", 100, "more_than"), _count("b", 80), "killed", "contradiction"),
        (_count("a", 10, "up_to"), _count("b", 12), "killed", "contradiction"),
        # a part and its whole: '13 of the 24' against '24'
        (_count("a", 13, whole=24.0), _count("b", 24), "released", "part_whole"),
    ],
)
def test_count_relations(a, b, role, expected):
    found = find_discrepancies([_slot([a, b], role)], DOCS, {})
    assert (found[0].relation if found else None) == expected


def test_a_document_giving_the_other_figure_too_is_not_in_disagreement():
    """'24 freed' against a report that gives '13' and, elsewhere, '24' for the same people."""
    values = [_count("a", 24), _count("b", 13), _count("b", 24, detail=True)]
    assert find_discrepancies([_slot(values)], DOCS, {}) == ()


def test_issue13_a_part_whose_document_gives_the_whole_too_is_no_discrepancy():
    """'16 killed, including three children' in both reports, one of them read as its 3: the two
    reports agree on the whole, so there is nothing to show, not even a part and its whole."""
    values = [_count("a", 3, whole=16.0), _count("a", 16, detail=True), _count("b", 16)]
    assert find_discrepancies([_slot(values, "killed")], DOCS, {}) == ()
    # without the whole in the part's own document, the part and the whole are shown as such
    [found] = find_discrepancies([_slot([_count("a", 3, whole=16.0), _count("b", 16)], "killed")], DOCS, {})
    assert found.relation == "part_whole"


def test_issue13_one_person_is_not_a_figure_against_more():
    """'Woman hurt in shooting' (one person, no figure) against another report's 'four injured': the
    report tells of her, it does not say no one else was hurt. A figure written as one does disagree."""
    from dataclasses import replace

    woman = replace(_count("a", 1), value="1", text="Woman", category="person")
    four = _count("b", 4)
    assert find_discrepancies([_slot([woman, four], "wounded")], DOCS, {}) == ()
    [found] = find_discrepancies([_slot([_count("a", 1), four], "wounded")], DOCS, {})
    assert found.relation == "contradiction"


def test_one_document_is_never_in_disagreement_with_itself():
    """A document's second figure is its own detail (issue 13: '15' and 'more than 15' in one text)."""
    values = [_count("a", 15), _count("a", 17, detail=True)]
    assert find_discrepancies([_slot(values)], DOCS, {}) == ()


@pytest.mark.parametrize(
    ("published", "sides", "role", "expected"),
    [
        # a later report of a higher toll: an update
        (("2025-03-04", "2025-03-06"), (None, None), "killed", "update"),
        # a lower toll later is not a rising toll
        (("2025-03-06", "2025-03-04"), (None, None), "killed", "contradiction"),
        # the other side's later figure does not update this side's
        (("2025-03-04", "2025-03-06"), ("velmora", "ostrakan"), "killed", "contradiction"),
        # a release count is not a toll
        (("2025-03-04", "2025-03-06"), (None, None), "released", "contradiction"),
        # published the same day: nothing is later
        (("2025-03-04", "2025-03-04"), (None, None), "killed", "contradiction"),
    ],
)
def test_updates_are_later_reports_of_a_rising_toll(published, sides, role, expected):
    docs = {
        "a": _doc("a", published[0], sides[0]),
        "b": _doc("b", published[1], sides[1]),
    }
    found = find_discrepancies([_slot([_count("a", 3), _count("b", 5)], role)], docs, {})
    assert found[0].relation == expected


def test_a_revision_cue_makes_an_update_whatever_the_role():
    text = "The number of people freed was later revised to 50 by the ministry."
    docs = {"a": _doc("a", "2025-03-04"), "b": _doc("b", "2025-03-06", text=text)}
    at = text.index("50")
    later = SlotValue("b", "b:m1", "50", "50", at, at + 2, low=50.0)
    found = find_discrepancies([_slot([_count("a", 45), later])], docs, {})
    assert found[0].relation == "update"


def test_counts_are_shown_with_the_contracts_kind_and_a_neutral_sentence():
    [found] = find_discrepancies([_slot([_count("a", 45), _count("b", 48)])], DOCS, {})
    assert (found.aspect, found.kind, found.slot) == ("count", "contradiction", "count:released:")
    assert (
        found.explanation
        == "The sources give figures for the people released that cannot both be right: 45 and 48."
    )
    assert [v.docs for v in found.values] == [("a",), ("b",)]
    assert all(v.evidence for v in found.values)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (_count("a", 100, "more_than"), (100.0, float("inf"))),
        (_count("a", 100, "about"), (90.0, 110.0)),
        (_count("a", 5, "about"), (4.0, 6.0)),
        (_count("a", 60, high=64), (60.0, 64.0)),
        (_count("a", 10, "less_than"), (0.0, 10.0)),
    ],
)
def test_what_a_figure_covers(value, expected):
    assert covers(value) == expected


# -- dates -------------------------------------------------------------------------------------------


def _date(doc, value):
    return SlotValue(doc, f"{doc}:m1", value, value, 0, 2, category="calendar")


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        ("2020-11-09", "2020-11-10", True),  # days that do not overlap
        ("2020-11", "2020-11-10", False),  # one is only less precise
        ("2020-11-09/2020-11-10", "2020-11-10", False),  # '9/10 November' covers the 10th
        ("2020-11-10", "2020-11-10", False),
        ("2021", "2020-11-10", True),
    ],
)
def test_dates_contradict_only_when_they_cannot_overlap(a, b, shown):
    slot = Slot("date", "date", "date of the event", values=(_date("a", a), _date("b", b)))
    found = find_discrepancies([slot], DOCS, {})
    assert bool(found) is shown
    if shown:
        assert found[0].relation == "contradiction" and found[0].aspect == "date"


# -- labels ------------------------------------------------------------------------------------------


def _label(doc, key, category, start=0):
    return SlotValue(doc, f"{doc}:m1", key, key.replace("_", " "), start, start + 5, category=category)


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        # across categories: a disagreement about who the people are
        (("prisoner_of_war", "combatant"), ("detainee", "detainee"), True),
        (("serviceman", "combatant"), ("saboteur", "criminal_or_terrorist"), True),
        (("hostage", "hostage"), ("prisoner", "detainee"), True),
        (("civilian", "civilian"), ("militant", "combatant"), True),
        # within a category: a variant of wording, never a discrepancy
        (("detainee", "detainee"), ("prisoner", "detainee"), False),
        (("soldier", "combatant"), ("serviceman", "combatant"), False),
        (("terrorist", "criminal_or_terrorist"), ("saboteur", "criminal_or_terrorist"), False),
    ],
)
def test_labels_differ_only_across_categories(a, b, shown):
    slot = Slot(
        "label:released:state:AM",
        "label",
        "who the people released (Armenia) are",
        "released",
        "state:AM",
        (_label("a", *a), _label("b", *b)),
    )
    found = find_discrepancies([slot], DOCS, {})
    assert bool(found) is shown
    if shown:
        assert (found[0].relation, found[0].kind) == ("framing", "framing")


def test_a_document_using_both_categories_does_not_disagree_with_either():
    values = (_label("a", "prisoner_of_war", "combatant"), _label("a", "hostage", "hostage", 10))
    values += (_label("b", "hostage", "hostage"),)
    slot = Slot("label:released:", "label", "who the people released are", "released", None, values)
    assert find_discrepancies([slot], DOCS, {}) == ()


def test_labels_of_a_group_without_a_side_are_not_compared_when_the_event_has_sided_groups():
    """Issue 13: 'hostages' (people released by one side) set against 'prisoners' (the other's)."""
    unsided = Slot(
        "label:released:",
        "label",
        "who the people released are",
        "released",
        None,
        (_label("a", "hostage", "hostage"), _label("b", "prisoner", "detainee")),
    )
    sided = Slot(
        "label:released:state:AM",
        "label",
        "who the people released (Armenia) are",
        "released",
        "state:AM",
        (_label("a", "prisoner", "detainee"),),
    )
    assert find_discrepancies([unsided, sided], DOCS, {}) == ()


# -- place names -------------------------------------------------------------------------------------

LISGAR = Place(
    "x:lisgar",
    "Lisgar / Kaltepe",
    (
        PlaceName("Lisgar", used_by=("velmora",)),
        PlaceName("Kaltepe", used_by=("ostrakan",)),
        PlaceName("Lisgar town", used_by=("velmora", "international")),
        PlaceName("Republic of Lisgar"),
    ),
)


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        # names of different sides
        ({"a": ["Lisgar"], "b": ["Kaltepe"]}, True),
        # spelling, case, an official form: never
        ({"a": ["Lisgar"], "b": ["LISGAR"]}, False),
        ({"a": ["Lisgar"], "b": ["Lisgar town"]}, False),
        ({"a": ["Lisgar"], "b": ["Republic of Lisgar"]}, False),
        # a document using both sides' names takes no side
        ({"a": ["Lisgar", "Kaltepe"], "b": ["Kaltepe"]}, False),
    ],
)
def test_place_names_differ_only_between_sides(names, shown):
    values = tuple(
        SlotValue(doc, f"{doc}:m1", name, name, i * 10, i * 10 + len(name), detail=i > 0)
        for doc, used in names.items()
        for i, name in enumerate(used)
    )
    slot = Slot(
        "place_name:x:lisgar",
        "place",
        "name of the place shown as Lisgar / Kaltepe",
        side="x:lisgar",
        values=values,
    )
    found = find_discrepancies([slot], DOCS, {"x:lisgar": LISGAR})
    assert bool(found) is shown
    if shown:
        assert (found[0].aspect, found[0].relation, found[0].kind) == ("place_name", "naming", "framing")
        assert "Lisgar / Kaltepe" in found[0].explanation


# -- claims ------------------------------------------------------------------------------------------


def _claim(doc, value, detail=False):
    return SlotValue(doc, f"{doc}:m1", value, "shelled", 0, 7, detail=detail)


@pytest.mark.parametrize(
    ("values", "shown"),
    [
        ((_claim("a", "asserted"), _claim("b", "denied")), True),
        ((_claim("a", "asserted"), _claim("b", "asserted")), False),
        # a document that asserts it and denies it elsewhere keeps the denial as its own detail
        ((_claim("a", "asserted"), _claim("b", "asserted"), _claim("b", "denied", detail=True)), False),
    ],
)
def test_assertion_against_denial(values, shown):
    slot = Slot(
        "claim:~ostrakani",
        "claim",
        "whether it happened (acts of Ostrakani)",
        side="~ostrakani",
        values=values,
    )
    found = find_discrepancies([slot], DOCS, {})
    assert bool(found) is shown
    if shown:
        assert (found[0].aspect, found[0].relation, found[0].kind) == ("modality", "denial", "contradiction")


def test_given_in_return_against_no_exchange():
    values = (
        SlotValue("a", "a:m1", "map", "a map", 0, 5),
        SlotValue("b", "b:m1", "no exchange", "not an exchange", 0, 15),
    )
    slot = Slot("in_return", "in_return", "what was given in return", values=values)
    [found] = find_discrepancies([slot], DOCS, {})
    assert (found.aspect, found.relation) == ("characterization", "denial")
    assert "map" in found.explanation


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        (["org:icrc"], ["state:GE"], True),  # different mediators
        (["org:icrc"], ["none"], True),  # a mediator against 'without intermediaries'
        (["org:icrc", "state:GE"], ["state:GE"], False),  # one names both
        (["org:icrc"], ["org:icrc"], False),
    ],
)
def test_who_mediated(a, b, shown):
    values = tuple(SlotValue(doc, f"{doc}:m1", v, v, 0, 4) for doc, vs in (("a", a), ("b", b)) for v in vs)
    slot = Slot("mediator", "mediator", "who mediated", values=values)
    found = find_discrepancies([slot], DOCS, {})
    assert bool(found) is shown
    if shown:
        assert found[0].aspect == "actor"


def test_values_of_mentions_that_are_not_one_event_are_not_compared():
    """Issue 13: a background figure beside the news is no disagreement (pairs.py decides)."""
    slot = _slot([_count("a", 45), _count("b", 48)])
    assert find_discrepancies([slot], DOCS, {}, lambda a, b, aspect: False) == ()


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        # '9 November' / '10 November': calendar dates a day apart contradict
        (("2020-11-09", "calendar"), ("2020-11-10", "calendar"), True),
        # a day named from the publication does not (issue 13): 'Friday night' / 'early Saturday',
        # 'on Sunday' / '6 Jun 2016', 'shot on Tuesday' / 'died, his family said on Thursday'
        (("2014-12-05", "named_day"), ("2014-12-06", "named_day"), False),
        (("2016-06-05", "named_day"), ("2016-06-06", "calendar"), False),
        (("2016-01-19", "named_day"), ("2016-01-21", "named_day"), False),
    ],
)
def test_issue13_only_calendar_dates_contradict(a, b, shown):
    values = tuple(
        SlotValue(doc, f"{doc}:m1", value, value, 0, 2, category=written)
        for doc, (value, written) in (("a", a), ("b", b))
    )
    found = find_discrepancies([Slot("date", "date", "date of the event", values=values)], DOCS, {})
    assert bool(found) is shown
