"""The agreement figures of eval/tagparse.py (issue 12): what counts as the same parse."""

from __future__ import annotations

import pytest
from eval.tagparse import agreement

SPACY = [(["DT", "NN"], ["det", "ROOT"], [1, 1]), (["UH"], ["ROOT"], [0])]


@pytest.mark.parametrize(
    ("ours", "tag", "head_label", "tokens", "sentences"),
    [
        (SPACY, 1.0, 1.0, 1.0, 1.0),
        ([(["DT", "NNS"], ["det", "ROOT"], [1, 1]), SPACY[1]], 2 / 3, 1.0, 2 / 3, 0.5),
        ([(["DT", "NN"], ["nsubj", "ROOT"], [1, 1]), SPACY[1]], 1.0, 2 / 3, 2 / 3, 0.5),
        ([(["DT", "NN"], ["det", "ROOT"], [0, 1]), (["NN"], ["ROOT"], [0])], 2 / 3, 2 / 3, 1 / 3, 0.0),
    ],
)
def test_agreement(ours, tag, head_label, tokens, sentences):
    figures = agreement(SPACY, ours)
    assert figures["tag"] == pytest.approx(tag)
    assert figures["head_label"] == pytest.approx(head_label)
    assert figures["tokens_identical"] == pytest.approx(tokens)
    assert figures["sentences_identical"] == pytest.approx(sentences)
    assert figures["tokens"] == 3
