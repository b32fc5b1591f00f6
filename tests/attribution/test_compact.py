"""Folding long quotations before the parse (issue 12: the attribution stage stays cheap)."""

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
    assert folded.text == "“It is so,” the envoy said."
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
