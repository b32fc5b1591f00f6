"""Slots and discrepancies through the whole pipeline (issue 13), on reports written for this test."""

from __future__ import annotations

import csv
import json

import jsonschema
import pytest
from tests.conftest import ROOT

from rashomon import pipeline, store
from rashomon.export import DISCREPANCY_COLUMNS, SLOT_COLUMNS, build_export, write_csv, write_json
from rashomon.settings import load_settings

# Three reports of one fictional exchange and one shelling, by two sides and a monitor.
REPORTS = {
    "velmora.txt": (
        "Statement of the Velmoran ministry, March 5, 2025\n\n"
        "On 4 March 2025, forty-eight prisoners of war returned home to Velmora at 17:43. "
        "On March 1, Ostrakani artillery shelled Lisgar. Seven civilians were killed.\n"
    ),
    "ostrakan.txt": (
        "Ostrakan ministry, March 4, 2025\n\n"
        "On 4 March 2025, Ostrakan handed over 45 Velmoran detainees to Velmora. "
        "The ministry denied that Ostrakani artillery had shelled Kaltepe on March 1.\n"
    ),
    "monitor.txt": (
        "Monitoring mission note, March 7, 2025\n\n"
        "On 4 March 2025, 45 or more than 45 people were handed over to Velmora, the mission said. "
        "On March 1, shelling hit Lisgar (Kaltepe); five civilians were killed.\n"
    ),
}
SIDES = {"velmora.txt": "velmora", "ostrakan.txt": "ostrakan", "monitor.txt": "international"}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, "utf-8")
    rows = ["file,title,outlet,side,published"]
    rows += [f"{name},,,{SIDES[name]},2025-03-0{4 + i}" for i, name in enumerate(REPORTS)]
    (folder / "sources.csv").write_text("\n".join(rows) + "\n", "utf-8")
    settings = load_settings(ROOT / "examples" / "rashomon.toml", workers=1)
    pipeline.analyze([folder], db=folder / "s.db", settings=settings)
    conn = store.connect(folder / "s.db")
    try:
        return build_export(conn)
    finally:
        conn.close()


def _discrepancies(export):
    return [(e, d) for e in export["events"] for d in e["discrepancies"]]


def test_the_export_with_slots_validates(export, export_schema, tmp_path):
    jsonschema.validate(export, export_schema)
    write_json(export, tmp_path / "a.json")
    jsonschema.validate(json.loads((tmp_path / "a.json").read_text("utf-8")), export_schema)
    assert any(e["slots"] for e in export["events"])


def test_every_slot_value_and_every_evidence_carries_its_span(export):
    texts = {d["id"]: d["text"] for d in export["documents"]}
    values = [v for e in export["events"] for s in e["slots"] for v in s["values"]]
    values += [v for _, d in _discrepancies(export) for value in d["values"] for v in value["evidence"]]
    assert values
    for v in values:
        assert texts[v["doc"]][v["start"] : v["end"]] == v["text"]


def test_figures_that_cannot_both_be_right_are_shown_between_documents(export):
    counts = [d for _, d in _discrepancies(export) if d["aspect"] == "count"]
    released = [d for d in counts if d["slot"].startswith("count:released")]
    assert released, counts
    shown = {v["value"]: v["docs"] for v in released[0]["values"]}
    assert shown == {"45": ["ostrakan"], "48": ["velmora"]}
    assert released[0]["relation"] == "contradiction"
    # a time of day is never a count, and no document disagrees with itself
    for _, d in _discrepancies(export):
        docs = [doc for value in d["values"] for doc in value["docs"]]
        assert len(docs) == len(set(docs)), d
        assert all(v["value"] not in {"43", "17"} for v in d["values"])


def test_the_shown_relations_have_the_contracts_kinds_and_a_neutral_sentence(export):
    for _, d in _discrepancies(export):
        assert d["kind"] in {"contradiction", "update", "framing", "variant"}
        assert d["explanation"].endswith(".")
        for word in ("prisoners of war", "detainees", "terrorist", "saboteur", "Kaltepe", "Lisgar"):
            assert word not in d["explanation"].replace("Lisgar / Kaltepe", "")


def test_the_csv_columns_are_typed(export, tmp_path):
    written = write_csv(export, tmp_path)
    assert {tmp_path / "slots.csv", tmp_path / "discrepancies.csv"} <= set(written)
    for name, columns in (("slots.csv", SLOT_COLUMNS), ("discrepancies.csv", DISCREPANCY_COLUMNS)):
        with (tmp_path / name).open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert tuple(rows[0]) == columns
        for row in rows:
            for column in ("low", "high"):
                assert row[column] == "" or float(row[column]) >= 0  # a number or nothing, never text
            assert row["start"].isdigit() and row["end"].isdigit()


def test_naming_by_sides_denial_and_framing_are_shown(export):
    by_relation = {d["relation"]: d for _, d in _discrepancies(export)}
    assert {"naming", "denial", "framing", "contradiction"} <= set(by_relation)
    names = {v["value"]: v["docs"] for v in by_relation["naming"]["values"]}
    assert names == {"Kaltepe": ["ostrakan"], "Lisgar": ["velmora"]}  # the monitor names both: no side
    claims = {v["value"]: v["docs"] for v in by_relation["denial"]["values"]}
    assert claims == {"asserted": ["velmora"], "denied": ["ostrakan"]}
    words = {v["value"]: v["docs"] for v in by_relation["framing"]["values"]}
    assert words == {"prisoners of war": ["velmora"], "detainees": ["ostrakan"]}
