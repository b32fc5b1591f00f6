"""Folding long quotations before the parse (issue 12: the attribution stage stays cheap)."""

import pytest

from rashomon.attribution.compact import Folded
from rashomon.attribution.resolve import quotations
from rashomon.model import Sentence
from rashomon.nlp import parse_sentences
from rashomon.settings import default_settings

TEXT = "Intro. “We will keep every promise we made to the families of the missing,” the envoy said."


def test_long_quotation_is_parsed_short_and_mapped_back():
    sent = Sentence(7, len(TEXT), TEXT[7:])
    folded = Folded(TEXT, sent, quotations(TEXT))
    assert folded.folded
    assert folded.text == "“It is,” the envoy said."
    [parsed] = parse_sentences(default_settings().spacy_models, [folded.sentence()], lemmatise=False)
    tokens = folded.unfold(parsed, TEXT).tokens
    assert all(TEXT[t.start : t.end] == t.text for t in tokens)
    assert tokens[1].text == "We will keep every promise we made to the families of the missing"
    assert [t.text for t in tokens[-3:]] == ["envoy", "said", "."]


def test_short_quotation_and_headline():
    text = "Velmora Calls The Vote “rigged”"
    folded = Folded(text, Sentence(0, len(text), text), quotations(text), frozenset({"calls"}))
    assert not folded.folded
    assert folded.text == "Velmora calls The Vote “rigged”"


GATE = frozenset({"said", "told"})


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        # a sentence parsed to its end loses its final full stop: it attributes nothing
        ("The envoy said the crossing was closed.", "The envoy said the crossing was closed"),
        ("The envoy said it closed in 2016.", "The envoy said it closed in 2016"),
        # not the stop of an abbreviation, nor one after a quote mark
        ("The talks were led by Ana Keller Jr.", "The talks were led by Ana Keller Jr."),
        ("The envoy told reporters in the U.S.", "The envoy told reporters in the U.S."),
        ("The envoy said “no.”", "The envoy said “no.”"),
        # a parse that stops after the cue keeps what it reads
        (
            "The envoy said the crossing at the northern end of the valley was closed.",
            "The envoy said the crossing at the northern end",
        ),
    ],
)
def test_final_stop(text, parsed):
    folded = Folded(text, Sentence(0, len(text), text), quotations(text), gate=GATE)
    assert folded.text == parsed
    assert folded.sentence().text == parsed
