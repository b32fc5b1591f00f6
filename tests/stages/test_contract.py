"""The stage contract (issue 11, item 1): names exist, reads are declared, results are typed records."""

from __future__ import annotations

from pathlib import Path

import pytest

from rashomon import pipeline
from rashomon import stages as registry
from rashomon.errors import ConfigError, StageError
from rashomon.ingest import load_document
from rashomon.model import Analysis, Document, Entity, Sentence
from rashomon.settings import load_settings
from rashomon.stages import Stage, analysis_fields, check_contract, checked_result, view_for

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "reports"


def _stage(requires=(), assigns="labels", resources=()):
    return Stage("probe", "probe.v1", requires, assigns, lambda s: lambda a, st: [], resources)


@pytest.mark.parametrize(
    ("stage", "message"),
    [
        (_stage(requires=("sentence",)), "'sentence' is not a field of Analysis"),
        (_stage(assigns="labelz"), "'labelz' is not a field of Analysis"),
        (_stage(assigns="doc"), "'doc' is not a field of Analysis"),
        (_stage(resources=("no-such-folder",)), "unknown resources no-such-folder"),
    ],
)
def test_names_must_exist(stage, message):
    with pytest.raises(ConfigError, match=message):
        check_contract(stage)


def test_every_registered_stage_keeps_the_contract():
    for stage in pipeline.load_stages():
        check_contract(stage)
        assert stage.resources, f"{stage.name} declares no resources"


def test_reading_an_undeclared_field_is_a_stage_error():
    doc = Document(id="d", path="/d.txt", text="One.", sha256="x")
    analysis = Analysis(doc=doc, sentences=[Sentence(0, 4, "One.")], entities=[Entity(0, 3, "One", "ORG")])
    view = view_for(_stage(requires=("sentences",)), analysis)
    assert view.sentences == analysis.sentences and view.doc is doc
    with pytest.raises(StageError, match="reads 'entities', which it does not declare"):
        _ = view.entities


@pytest.mark.parametrize(
    ("result", "ok"),
    [([], True), ([Entity(0, 1, "x", "ORG")], False), ((), False), (None, False)],
)
def test_results_must_be_lists_of_the_assigned_record(result, ok):
    stage = _stage(assigns="sentences")
    if ok:
        assert checked_result(stage, result) == result
    else:
        with pytest.raises(StageError, match="probe"):
            checked_result(stage, result)


def test_a_stage_reading_an_undeclared_field_fails_in_the_runner():
    def sneaky(analysis, settings):
        return [Sentence(0, 1, "x")] if analysis.entities else []

    stages = [Stage("sentences", "s.v1", (), "sentences", lambda s: sneaky, ("sentences",))]
    pipeline._prepare(load_settings(), stages)
    _, problems = pipeline.analyse_document(Document(id="d", path="/d.txt", text="x", sha256="x"))
    assert [p.stage for p in problems] == ["sentences"]
    assert "does not declare" in problems[0].message


def _documents():
    settings = load_settings()
    paths = sorted(SEEDS.glob("*.txt")) + sorted(p for p in EXAMPLES.iterdir() if p.suffix != ".csv")
    return [load_document(p, doc_id=p.stem, source=None, settings=settings) for p in paths]


def test_stages_read_exactly_what_they_declare(monkeypatch):
    """Every field a stage reads is declared (else the run fails), and every declared one is read."""
    stages = pipeline.load_stages()
    reads: dict[str, set[str]] = {s.name: set() for s in stages}
    real = registry._View.__getattribute__

    def recording(self, name):
        if name in analysis_fields():
            reads[object.__getattribute__(self, "_stage")].add(name)
        return real(self, name)

    monkeypatch.setattr(registry._View, "__getattribute__", recording)
    pipeline._prepare(load_settings(workers=1), stages)
    for doc in _documents():
        _, problems = pipeline.analyse_document(doc)
        assert problems == []
    for stage in stages:
        assert reads[stage.name] == set(stage.requires), stage.name
