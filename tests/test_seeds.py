"""Facts the tool must get right on the real seed corpus (read from ../shared, never copied)."""

from __future__ import annotations

import json

import pytest

from rashomon.cli import main


@pytest.fixture(scope="module")
def seeds_export(tmp_path_factory, seeds_dir):
    out = tmp_path_factory.mktemp("seeds")
    assert (
        main(["analyze", str(seeds_dir), "--db", str(out / "s.db"), "--json", str(out / "a.json"), "--quiet"])
        == 0
    )
    return json.loads((out / "a.json").read_text("utf-8"))


def _doc(export, prefix):
    return next(d for d in export["documents"] if d["id"].startswith(prefix))


def _mentions(export, prefix):
    return [m for m in export["mentions"] if m["doc"].startswith(prefix)]


def _event(export, event_id):
    return next(e for e in export["events"] if e["id"] == event_id)


def test_export_validates(seeds_export, export_schema):
    import jsonschema

    jsonschema.validate(seeds_export, export_schema)
    assert seeds_export["problems"] == []


def test_june_2021_release_of_15_is_one_event_across_sources(seeds_export):
    """The 12 June 2021 release of 15 prisoners for the Aghdam mine map: 001 and 002 (and 000)."""

    def fifteen(m):
        return any(c["value"] == 15 for c in m["counts"])

    m001 = [m for m in _mentions(seeds_export, "001") if fifteen(m)]
    m002 = [m for m in _mentions(seeds_export, "002") if fifteen(m)]
    assert m001 and m002
    events_001 = {m["event"] for m in m001}
    events_002 = {m["event"] for m in m002}
    shared = events_001 & events_002
    assert shared, "the 15-prisoner release in 001 and 002 should be one event"
    event = _event(seeds_export, shared.pop())
    assert event["date"]["value"] == "2021-06-12"
    assert any(d["aspect"] == "label" for d in event["discrepancies"])


def test_december_2023_exchange_is_dated_from_on_wednesday(seeds_export):
    """003 says only 'on Wednesday'; published Thursday 14 December 2023, that is the 13th."""
    exchanged = next(m for m in _mentions(seeds_export, "003") if m["trigger"]["text"] == "exchanged")
    assert exchanged["type"] == "prisoner_exchange"
    assert exchanged["date"]["value"] == "2023-12-13"
    assert exchanged["date"]["basis"] == "relative"
    assert exchanged["date"]["text"] == "on Wednesday"
    assert _event(seeds_export, exchanged["event"])["date"]["value"] == "2023-12-13"


def test_trilateral_statement_date_difference_is_flagged(seeds_export):
    """9 November 2020 in some documents, 10 November in others."""
    flagged = []
    for event in seeds_export["events"]:
        if event["type"] != "agreement":
            continue
        for d in event["discrepancies"]:
            values = {str(v["value"]) for v in d["values"]}
            if (
                d["aspect"] == "date"
                and any("2020-11-09" in v for v in values)
                and any("2020-11-10" in v for v in values)
            ):
                flagged.append(event)
    assert flagged


@pytest.mark.parametrize(
    ("names", "prefixes"),
    [(("Shushi", "Shusha"), ("000", "001")), (("Stepanakert", "Khankendi"), ("001", "001"))],
)
def test_one_place_for_every_sides_name(seeds_export, names, prefixes):
    ids = set()
    for name, prefix in zip(names, prefixes, strict=True):
        doc = _doc(seeds_export, prefix)
        found = {p["place"] for p in doc["annotations"]["places"] if p["text"] == name}
        assert found and None not in found, f"{name} unresolved in {prefix}"
        ids |= found
    assert len(ids) == 1
    place = next(p for p in seeds_export["places"] if p["id"] in ids)
    assert all(n in place["name"] for n in names)  # the neutral display name carries both


def test_place_name_choices_appear_in_framing(seeds_export):
    by_place = {row["place"]: row for row in seeds_export["framing"]["place_names"]}
    doc001 = _doc(seeds_export, "001")["id"]
    shusha = next(
        p["place"] for p in _doc(seeds_export, "001")["annotations"]["places"] if p["text"] == "Shusha"
    )
    assert by_place[shusha]["by_doc"][doc001]["Shusha"] >= 1
