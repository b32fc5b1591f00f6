"""Each event mention carries the attribution chain over its trigger (issue 12)."""

import pytest
from tests.helpers import analysis_of

from rashomon.pipeline import _prepare, analyse_document, load_stages
from rashomon.settings import default_settings

TEXT = (
    "The Velmoran Foreign Ministry said the Joint Commission claimed that 12 detainees were released.\n"
    "Ostrakan's Defence Ministry denied that its forces shelled the village of Tovrin.\n"
    "The envoy questioned whether the detainees were released on Monday."
)


@pytest.fixture(scope="module")
def events():
    _prepare(default_settings(), load_stages())
    analysis, problems = analyse_document(analysis_of(TEXT).doc)
    assert problems == []
    return analysis.events


def _mention(events, trigger, line):
    start = sum(len(x) + 1 for x in TEXT.split("\n")[:line])
    return next(m for m in events if m.trigger == trigger and m.sentence_start == start)


def test_chain_outermost_first_and_innermost_as_attribution(events):
    released = _mention(events, "released", 0)
    assert [a.source for a in released.attributions] == [
        "The Velmoran Foreign Ministry",
        "the Joint Commission",
    ]
    assert released.attribution == released.attributions[-1]
    assert released.modality == "reported"


def test_denial_and_doubt_feed_modality(events):
    shelled = _mention(events, "shelled", 1)
    assert shelled.attribution is not None and shelled.attribution.polarity == "deny"
    assert shelled.modality == "denied"
    released = _mention(events, "released", 2)
    assert released.attribution is not None and released.attribution.polarity == "doubt"
    assert released.modality == "questioned"
