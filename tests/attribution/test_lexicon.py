"""The gate before the attribution parse (issue 12, speed: fewer sentences parsed)."""

import pytest

from rashomon.attribution.lexicon import build_lexicon, load_lexicon


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("The envoy said the crossing was closed.", True),
        ("Her statement drew a crowd in Velmora.", True),
        # 'no_gate' forms do not open a parse on their own ...
        ("The village, known as Dalbeck, lies on the river.", False),
        ("Polls showing the mayor ahead were published on Monday.", False),
        ("His remarks drew a crowd in Velmora.", False),
        # ... but a sentence parsed for another cue still has them as cues
        ("The mayor said his remarks were misread.", True),
        # a weak form alone opens no parse either, its -ed form does
        ("The battleground states voted early.", False),
        ("The council stated that the road was open.", True),
    ],
)
def test_gate(text, parsed):
    assert load_lexicon().needs_parse(text, 0, len(text)) is parsed


def test_no_gate_forms_stay_cues():
    lexicon = load_lexicon()
    for word in ("known", "showing", "remarks", "comments", "reporting"):
        assert word in lexicon.cue_words
        assert word not in lexicon.words


def test_no_gate_reaches_nouns_too():
    data = {"verbs": {"assert": ["say"]}, "nouns": {"assert": ["claim"]}}
    assert {"claim", "claims", "says"} <= build_lexicon(data).words
    assert "claims" not in build_lexicon({**data, "no_gate": ["claims"]}).words
    assert "claims" in build_lexicon({**data, "no_gate": ["claims"]}).cue_words
