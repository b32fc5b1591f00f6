"""The runner: stage order checks and per-stage failure isolation."""

from __future__ import annotations

import pytest

from rashomon import pipeline
from rashomon.errors import ConfigError
from rashomon.model import Document, Sentence
from rashomon.settings import default_settings
from rashomon.stages import Stage


def _stage(name, requires, assigns, fn):
    return Stage(
        name=name, version=f"{name}.test.v1", requires=requires, assigns=assigns, factory=lambda s: fn
    )


def _sentences(analysis, settings):
    return [Sentence(0, len(analysis.doc.text), analysis.doc.text)]


def _broken(analysis, settings):
    raise ValueError("cannot cope")


def test_registered_stages_are_in_a_valid_order():
    names = [s.assigns for s in pipeline.load_stages()]
    assert names[0] == "sentences"
    # participants read the event mentions (issue 13)
    assert names[-2:] == ["events", "participants"]


def test_a_stage_whose_input_is_never_assigned_is_refused():
    with pytest.raises(ConfigError, match="dates requires sentences"):
        pipeline.check_order([_stage("dates", ("sentences",), "dates", _sentences)])


def test_a_failing_stage_is_recorded_and_its_dependents_skipped():
    stages = [
        _stage("sentences", (), "sentences", _sentences),
        _stage("dates", ("sentences",), "dates", _broken),
        _stage("counts", ("dates",), "counts", _sentences),
        _stage("labels", ("sentences",), "labels", lambda a, s: []),
    ]
    pipeline._prepare(default_settings(), stages)
    doc = Document(id="d1", path="/tmp/d1.txt", text="Some text.", sha256="x")
    analysis, problems = pipeline.analyse_document(doc)
    assert len(analysis.sentences) == 1
    assert [(p.doc, p.stage) for p in problems] == [("d1", "dates")]
    assert "ValueError: cannot cope" in problems[0].message
    assert analysis.counts == []  # skipped: it needs the failed stage


def test_pipeline_key_changes_with_a_stage_version():
    settings = default_settings()
    a = [_stage("sentences", (), "sentences", _sentences)]
    b = [Stage("sentences", "sentences.test.v2", (), "sentences", lambda s: _sentences)]
    assert pipeline.pipeline_key(a, settings) != pipeline.pipeline_key(b, settings)
