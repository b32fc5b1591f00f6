"""Parsing chosen sentences: the attribute ruler as a lookup gives what spaCy's own component gives."""

import pytest

from rashomon.model import Sentence
from rashomon.nlp import load_spacy, parse_sentences
from rashomon.settings import default_settings

SENTENCES = [
    "The ministry said that 12 servicemen had been returned to Velmora on Friday.",
    "“We don't know whether they're alive,” she told reporters, and there are no lists.",
    "Some of those who fled have come back; nobody has said anything about the rest.",
]


@pytest.fixture(scope="module")
def models():
    return default_settings().spacy_models


def test_pos_and_lemmas_match_the_full_pipeline(models):
    nlp = load_spacy(models)
    sents = [Sentence(0, len(s), s) for s in SENTENCES]
    ours = parse_sentences(models, sents)
    with nlp.select_pipes(disable=["ner"]):
        for parsed, doc in zip(ours, nlp.pipe(SENTENCES), strict=True):
            assert [(t.text, t.tag, t.pos, t.lemma, t.dep) for t in parsed.tokens] == [
                (t.text, t.tag_, t.pos_, t.lemma_, t.dep_) for t in doc
            ]


def test_offsets_and_no_lemmas(models):
    text = "Intro. The envoy confirmed it."
    sent = Sentence(7, len(text), text[7:])
    [parsed] = parse_sentences(models, [sent], lemmatise=False)
    assert all(text[t.start : t.end] == t.text and t.lemma == "" for t in parsed.tokens)
    assert parse_sentences(models, []) == []
