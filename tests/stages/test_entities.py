"""spaCy NER over the whole text, in line-aligned chunks."""

from __future__ import annotations

import pytest

from rashomon.model import Analysis, Document
from rashomon.settings import default_settings
from rashomon.stages import entities
from rashomon.stages.entities import EntityRecogniser, _chunks


@pytest.fixture(scope="module")
def recogniser():
    return EntityRecogniser(default_settings())


def _run(recogniser, text):
    return recogniser(Analysis(doc=Document(id="d", path="d.txt", text=text, sha256="x")), default_settings())


def test_empty_document(recogniser):
    assert _run(recogniser, "") == []


def test_no_entities(recogniser):
    assert _run(recogniser, "it was quiet and nothing happened there.") == []


def test_people_and_places_with_exact_offsets(recogniser):
    text = "Nikol Pashinyan met Ilham Aliyev in Brussels.\n\nThe talks went on in Prague."
    found = _run(recogniser, text)
    assert all(text[e.start : e.end] == e.text for e in found)
    assert {"Brussels", "Prague"} <= {e.text for e in found if e.label == "GPE"}


def test_long_documents_are_cut_at_line_breaks(recogniser, monkeypatch):
    monkeypatch.setattr(entities, "_CHUNK", 60)
    text = "\n".join(f"Line {i} mentions Paris and Berlin." for i in range(20))
    pieces = _chunks(text)
    assert "".join(p for _, p in pieces) == text
    assert all(p.endswith("\n") for _, p in pieces[:-1])
    found = _run(recogniser, text)
    assert sum(1 for e in found if e.text == "Paris") == 20
    assert all(text[e.start : e.end] == e.text for e in found)
