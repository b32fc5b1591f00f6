import pytest
from tests.helpers import analysis_of, assert_offsets, run_stage

from rashomon.stages import labels
from rashomon.stages.labels import load_labels

TABLE = load_labels()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The prisoners of war were freed.", [("prisoners of war", "prisoner_of_war", "captive")]),
        (
            "Two POWs and a hostage",
            [("POWs", "prisoner_of_war", "captive"), ("hostage", "hostage", "captive")],
        ),
        (
            "the detainees, described as saboteurs",
            [("detainees", "detainee", "captive"), ("saboteurs", "saboteur", "irregular")],
        ),
        ("32 military servicemen", [("servicemen", "serviceman", "combatant")]),
        ("prisoners of\nwar", [("prisoners of\nwar", "prisoner_of_war", "captive")]),
        ("the Separatist leaders", [("Separatist", "separatist", "irregular")]),
    ],
)
def test_labels(text, expected):
    found = TABLE.find(text)
    assert [(m.text, m.label, m.category) for m in found] == expected
    assert_offsets(text, found)


@pytest.mark.parametrize("text", ["imprisonment", "The hostilities ended.", "soldiering on"])
def test_no_label_inside_other_words(text):
    assert TABLE.find(text) == []


def test_stage_empty_and_no_match():
    assert run_stage(labels, analysis_of("")) == []
    assert run_stage(labels, analysis_of("The weather was mild.")) == []


def test_stage_offsets():
    analysis = analysis_of("Velmora calls them detainees.\nOstrakan calls them hostages.")
    found = run_stage(labels, analysis)
    assert [m.label for m in found] == ["detainee", "hostage"]
    assert_offsets(analysis.doc.text, found)
