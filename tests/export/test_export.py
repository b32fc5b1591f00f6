"""The export carries participants per mention (JSON) and as typed columns (CSV) -- issue 13."""

from __future__ import annotations

import csv
import json

import jsonschema
import pytest

from rashomon import pipeline, store
from rashomon.export import PARTICIPANT_COLUMNS, build_export, write_csv, write_json
from rashomon.settings import load_settings

# Written for this test: two short reports of one fictional exchange and one attack.
REPORTS = {
    "north.txt": (
        "Velmora handed over 12 Ostrakani servicemen to Ostrakan on March 4, 2025.\n"
        "Two soldiers were killed and five civilians were wounded in the shelling of Lisgar."
    ),
    "south.txt": (
        "Ostrakan freed 30 detainees on March 4, 2025, including 12 women.\n"
        "No one was injured in the shelling of Lisgar, officials said."
    ),
}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, "utf-8")
    db = folder / "s.db"
    pipeline.analyze([folder], db=db, settings=load_settings(None, workers=1))
    conn = store.connect(db)
    try:
        return build_export(conn)
    finally:
        conn.close()


def _participants(export):
    return [(m, p) for m in export["mentions"] for p in m["participants"]]


def test_export_with_participants_validates(export, export_schema, tmp_path):
    jsonschema.validate(export, export_schema)
    write_json(export, tmp_path / "a.json")
    jsonschema.validate(json.loads((tmp_path / "a.json").read_text("utf-8")), export_schema)


def test_participants_are_written_per_mention_with_spans(export):
    texts = {d["id"]: d["text"] for d in export["documents"]}
    found = _participants(export)
    assert {(p["role"], p["text"]) for _, p in found} >= {
        ("released", "12 Ostrakani servicemen"),
        ("killed", "Two soldiers"),
        ("wounded", "five civilians"),
        ("released", "30 detainees"),
        ("released", "12 women"),
    }
    for m, p in found:
        text = texts[m["doc"]]
        assert text[p["start"] : p["end"]] == p["text"]
        assert text[p["role_span"]["start"] : p["role_span"]["end"]] == p["role_span"]["text"]
        for party in (p["who"], p["by"], p["to"], p["count"], *p["labels"]):
            if party is not None:
                assert text[party["start"] : party["end"]] == party["text"]


def test_part_of_whole_and_negation_are_exported(export):
    by_text = {p["text"]: p for _, p in _participants(export)}
    women = by_text["12 women"]["count"]
    assert (women["value"], women["part"], women["whole"]) == (12, True, 30)
    nobody = by_text["No one"]
    assert (nobody["role"], nobody["negated"]) == ("wounded", True)
    handed = by_text["12 Ostrakani servicemen"]
    assert (handed["by"]["text"], handed["to"]["text"]) == ("Velmora", "Ostrakan")


def test_participants_csv_has_typed_columns(export, tmp_path):
    written = write_csv(export, tmp_path)
    assert tmp_path / "participants.csv" in written
    with (tmp_path / "participants.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == PARTICIPANT_COLUMNS
    assert len(rows) == len(_participants(export))
    women = next(r for r in rows if r["text"] == "12 women")
    # figures as numbers ('12', not '12.0'), flags as 0/1
    assert (women["count"], women["part"], women["whole"], women["negated"]) == ("12", "1", "30", "0")
    killed = next(r for r in rows if r["text"] == "Two soldiers")
    assert (killed["role"], killed["count"], killed["labels"], killed["label_categories"]) == (
        "killed",
        "2",
        "soldier",
        "combatant",
    )
