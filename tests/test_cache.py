"""Per-stage caching (issue 11, item 1): edit a resource and only the stages that depend on it rerun."""

from __future__ import annotations

import pytest

from rashomon import pipeline, store
from rashomon.export import build_export
from rashomon.settings import load_settings

STORIES = {
    "a": "Velmora and Ostrakan exchanged 45 prisoners at Lisgar on 3 March 2025, the ministry said.",
    "b": "Ostrakan freed 13 detainees at Lisgar on 3 March 2025. Talks were held in Geneva.",
    "c": "Velmora says 45 prisoners of war were released on 3 March 2025 near Kaltepe.",
}
PLACES = "places:\n  - id: test:lisgar\n    kind: town\n    names: [{name: Lisgar}]\n"
ONTOLOGY = (
    "types:\n  release:\n    plover: CONCEDE\n    family: captives\n    roles: [agent, patient]\n"
    "    triggers:\n      - verbs: [release, free, set free]\n        nouns: [release]\n"
)


@pytest.fixture()
def corpus(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name, text in STORIES.items():
        (docs / f"{name}.txt").write_text(text)
    (tmp_path / "places.yaml").write_text(PLACES)
    (tmp_path / "ontology.yaml").write_text(ONTOLOGY)
    return tmp_path


def _settings(corpus):
    return load_settings(
        workers=1,
        place_alias_files=[str(corpus / "places.yaml")],
        ontology_files=[str(corpus / "ontology.yaml")],
    )


def _run(corpus, db="s.db"):
    return pipeline.analyze([corpus / "docs"], db=corpus / db, settings=_settings(corpus))


def _export(corpus, db):
    conn = store.connect_readonly(corpus / db)
    try:
        found = build_export(conn)
    finally:
        conn.close()
    found.pop("generated")
    return found


def test_an_unchanged_rerun_runs_no_stage_and_skips_the_corpus_stages(corpus):
    first = _run(corpus)
    assert first.stages_run["entities"] == 3 and not first.corpus_skipped
    again = _run(corpus)
    assert again.cached == ["a", "b", "c"] and not again.stages_run and again.corpus_skipped
    assert (again.events, again.mentions, again.documents) == (first.events, first.mentions, first.documents)


@pytest.mark.parametrize(
    ("edit", "rerun"),
    [
        # the user's place names: places, and what reads places (actors, events, participants, and
        # attribution, which names actors); the parse tokens are not stored, so the parser reruns where
        # events, participants and attribution need them
        ("places.yaml", {"places", "actors", "parsed", "events", "participants", "attribution"}),
        # the user's ontology: the parser's choice of sentences, and what reads the parse
        ("ontology.yaml", {"parsed", "events", "participants", "attribution"}),
    ],
)
def test_issue11_an_edited_resource_reruns_only_the_stages_that_depend_on_it(corpus, edit, rerun):
    _run(corpus)
    path = corpus / edit
    path.write_text(path.read_text() + "# edited\n")
    summary = _run(corpus)
    assert set(summary.stages_run) == rerun
    assert all(n == 3 for n in summary.stages_run.values())
    assert not summary.corpus_skipped
    # what was kept and what was redone make the same store as a fresh run with the edited file
    _run(corpus, "fresh.db")
    assert _export(corpus, "s.db") == _export(corpus, "fresh.db")


def test_a_failed_stage_reruns_with_its_dependents_only_on_its_document(corpus, monkeypatch):
    from rashomon.stages import counts

    real = counts.STAGE.factory

    def fragile(settings):
        fn = real(settings)

        def stage(analysis, settings_):
            if analysis.doc.id == "b":
                raise ValueError("cannot cope")
            return fn(analysis, settings_)

        return stage

    monkeypatch.setattr(
        counts, "STAGE", counts.STAGE.__class__(**{**counts.STAGE.__dict__, "factory": fragile})
    )
    first = _run(corpus)
    assert [(p.doc, p.stage) for p in first.problems] == [("b", "counts")]
    monkeypatch.undo()
    again = _run(corpus)
    assert again.analysed == ["b"] and not again.problems
    assert set(again.stages_run) == {"counts", "parsed", "events", "participants"}
    _run(corpus, "fresh.db")
    assert _export(corpus, "s.db")["mentions"] == _export(corpus, "fresh.db")["mentions"]
