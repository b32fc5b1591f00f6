"""The numpy tagger and parser give spaCy's own tags, heads and labels (issue 12)."""

import pytest

from rashomon import nlp as nlp_module
from rashomon import tagparse
from rashomon.model import Sentence
from rashomon.nlp import load_spacy, parse_sentences
from rashomon.settings import default_settings
from rashomon.tagparse import TagParser

# one sentence per pattern: reported speech, quotes, nesting, a question, a passive, numbers and
# abbreviations, two sentences in one text (the parser's own sentence break), extra spaces, one word
SENTENCES = [
    "The ministry said that 12 servicemen had been returned to Velmora on Friday.",
    "“We don't know whether they're alive,” she told reporters, and there are no lists.",
    "According to the commission, the envoy denied that any shells had landed near the dam.",
    "Which villages did the commission report were shelled overnight?",
    "A statement was issued by the ministry denying the attack.",
    "Rep. Alden, author of the bill, said 3,400 families (about 1.2%) had left since Jan. 5.",
    "The talks failed. Both sides blamed each other for the shelling of the bridge.",
    "Fighting  resumed   at dawn ,  witnesses said .",
    "Ceasefire",
    "Officials, who spoke on condition of anonymity, told AFP the exchange would go ahead.",
]
# sentences whose parse has an arc the parser builds lifted (a label with '||'), put back by
# spaCy's deprojectivisation
NON_PROJECTIVE = [
    "It is this road that the observers said was mined.",
    "The shells that the villagers said had hit the school were found.",
    "Nobody came who had been invited to the talks.",
]


@pytest.fixture(scope="module")
def nlp():
    return load_spacy(default_settings().spacy_models)


@pytest.fixture(scope="module")
def tagparser(nlp):
    found = TagParser.of(nlp)
    assert found is not None, "the English model is of the shape the numpy parser computes"
    return found


def by_spacy(nlp, texts):
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        return [
            ([t.tag_ for t in doc], [t.dep_ for t in doc], [t.head.i for t in doc]) for doc in nlp.pipe(texts)
        ]


def test_the_same_parses_as_spacy(nlp, tagparser):
    texts = SENTENCES + NON_PROJECTIVE
    assert tagparser([nlp.make_doc(t) for t in texts]) == by_spacy(nlp, texts)


def test_non_projective_arcs_are_put_back(nlp, tagparser, monkeypatch):
    calls = []
    original = tagparser.deprojectivize
    monkeypatch.setattr(tagparser, "deprojectivize", lambda doc: calls.append(doc.text) or original(doc))
    assert tagparser([nlp.make_doc(t) for t in NON_PROJECTIVE]) == by_spacy(nlp, NON_PROJECTIVE)
    assert sorted(calls) == sorted(NON_PROJECTIVE)


def test_batches_and_order_do_not_change_a_parse(nlp, tagparser, monkeypatch):
    texts = SENTENCES * 3
    expected = by_spacy(nlp, texts)
    monkeypatch.setattr(tagparse, "_BATCH_TOKENS", 25)  # a batch every two or three sentences
    assert tagparser([nlp.make_doc(t) for t in texts]) == expected
    assert tagparser([nlp.make_doc(t) for t in reversed(texts)]) == expected[::-1]


def test_empty_docs(nlp, tagparser):
    assert tagparser([]) == []
    expected = [([], [], []), *by_spacy(nlp, ["Shelling resumed."])]
    assert tagparser([nlp.make_doc(""), nlp.make_doc("Shelling resumed.")]) == expected


def test_a_state_it_cannot_follow_is_parsed_by_spacy(nlp, tagparser, monkeypatch):
    original = tagparse._State.arc

    def arc(state, head, child, move):
        original(state, head, child, move)
        state.inexact = True

    monkeypatch.setattr(tagparse._State, "arc", arc)
    assert tagparser([nlp.make_doc(t) for t in SENTENCES]) == by_spacy(nlp, SENTENCES)


@pytest.mark.parametrize(
    ("arcs", "inexact", "latest_right_of_0"),
    [
        ([(0, 1), (2, 1)], False, -1),  # 1 taken from 0 while it is 0's latest child
        ([(0, 1), (0, 2), (3, 1)], True, 2),  # 1 is no longer 0's latest: spaCy keeps it there
    ],
)
def test_removing_an_arc(arcs, inexact, latest_right_of_0):
    state = tagparse._State(4, [True, False, False, False], [False] * 4)
    for head, child in arcs:
        state.arc(head, child, 1)
    assert state.inexact is inexact
    assert state.last_right[0] == latest_right_of_0


def test_another_pipeline_shape_is_left_to_spacy():
    import spacy

    assert TagParser.of(spacy.blank("en")) is None


def test_parse_sentences_is_the_same_either_way(monkeypatch):
    models = default_settings().spacy_models
    text = " ".join(SENTENCES + NON_PROJECTIVE)
    sents, start = [], 0
    for s in SENTENCES + NON_PROJECTIVE:
        sents.append(Sentence(start, start + len(s), s))
        start += len(s) + 1
    assert text[sents[-1].start : sents[-1].end] == NON_PROJECTIVE[-1]
    fast = parse_sentences(models, sents)
    monkeypatch.setattr(nlp_module, "_tag_parser", lambda models: None)
    assert parse_sentences(models, sents) == fast
