"""Violence in general news, senses, salience, lemmas and arguments of event mentions (issue 8)."""

from __future__ import annotations

import pytest
from tests.helpers import analysis_of

from rashomon.pipeline import _prepare, analyse_document, load_stages
from rashomon.settings import default_settings


@pytest.fixture(scope="module")
def analyse():
    _prepare(default_settings(), load_stages())

    def run(text, published="2024-05-06"):
        doc = analysis_of(text).doc
        doc = doc.__class__(**{**doc.__dict__, "published": published})
        analysis, problems = analyse_document(doc)
        assert problems == []
        return analysis

    return run


@pytest.mark.parametrize(
    ("text", "trigger", "event_type"),
    [
        ("A gunman opened fire outside the store on Sunday.", "opened fire", "attack"),
        ("The man was shot in the leg on Sunday.", "shot", "attack"),
        ("He was struck by a stray bullet.", "struck", "attack"),
        ("Police found the driver dead in his car.", "dead", "casualties"),
        ("The woman was stabbed near the station.", "stabbed", "attack"),
        ("Two people were wounded in the shooting.", "wounded", "casualties"),
        ("The fatal crash is under investigation.", "fatal", "casualties"),
    ],
)
def test_violence_triggers(analyse, text, trigger, event_type):
    found = {(m.trigger, m.type) for m in analyse(text).events}
    assert (trigger, event_type) in found


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("He was charged with murder on Monday.", "murder"),
        ("The police said on Monday that the men were arrested.", "said"),
        ("The company will fire its chief executive.", "fire"),
    ],
)
def test_charges_reporting_verbs_and_other_senses_are_no_violence(analyse, text, trigger):
    assert trigger not in {m.trigger for m in analyse(text).events if m.type in {"attack", "casualties"}}
    assert "said" not in {m.trigger for m in analyse(text).events}


def test_the_lemma_and_arguments_of_a_trigger(analyse):
    [shot] = [m for m in analyse("Officers shot the suspect in Dayton.").events if m.trigger == "shot"]
    assert shot.lemma == "shoot"
    assert "suspect" in shot.args and "officer" in shot.args


@pytest.mark.parametrize(
    ("text", "trigger", "salience"),
    [
        ("The town has been quiet since the war.", "war", "background"),
        ("Shootings have risen across the state.", "Shootings", "background"),
        ("The ceasefire of 1994 ended the fighting.", "ceasefire", "background"),
        ("Gunmen attacked the checkpoint on Sunday.", "attacked", "current"),
        ("The shootings on Sunday left two dead.", "shootings", "current"),
    ],
)
def test_background_mentions_are_marked(analyse, text, trigger, salience):
    [mention] = [m for m in analyse(text).events if m.trigger == trigger]
    assert mention.salience == salience
