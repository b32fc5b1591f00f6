import pytest

from rashomon.modality import classify
from rashomon.model import Attribution, Sentence


def _classify(text, trigger, attributed=False):
    start = text.index(trigger)
    attribution = Attribution(0, len(text), "X", 0, 1, "said", 0, 1) if attributed else None
    return classify(text, Sentence(0, len(text), text), start, start + len(trigger), attribution)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Velmora and Ostrakan exchanged detainees on Wednesday.", "exchanged", "asserted"),
        ("The two sides agreed on the swap of detainees on 7 March.", "swap", "planned"),
        ("The ministry will release the remaining men next week.", "release", "planned"),
        ("Ostrakan denied that any soldiers were captured.", "captured", "denied"),
        ("The prisoners were not released.", "released", "denied"),
        ("Were the prisoners released?", "released", "questioned"),
        ("If the maps arrive, they will release them.", "release", "hypothetical"),
        ("Velmora alleged it submitted all the maps.", "submitted", "reported"),
    ],
)
def test_modality(text, trigger, expected):
    assert _classify(text, trigger) == expected


def test_attributed_sentence_is_reported():
    assert _classify("Twelve men were freed, the ministry said.", "freed", attributed=True) == "reported"


def test_polarity_of_the_attribution_holding_the_trigger():
    """Issue 12: a denial makes the events of its content denied, a doubt questioned."""
    text = "The ministry wrote that its troops shelled the village."
    start = text.index("shelled")
    content = text.index("that")
    for polarity, expected in (("deny", "denied"), ("doubt", "questioned"), ("assert", "reported")):
        attr = Attribution(
            0,
            len(text),
            "The ministry",
            0,
            12,
            "rejected",
            13,
            21,
            content_start=content,
            content_end=len(text) - 1,
            polarity=polarity,
        )
        assert classify(text, Sentence(0, len(text), text), start, start + 7, attr) == expected
