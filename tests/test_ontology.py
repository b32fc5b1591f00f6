import pytest

from rashomon.errors import ConfigError
from rashomon.ontology import build_ontology, load_ontology, noun_forms, verb_forms
from rashomon.settings import default_settings, load_settings

DESIGN_TYPES = {
    "prisoner_exchange",
    "release",
    "detention",
    "trial_sentence",
    "attack",
    "military_operation",
    "casualties",
    "displacement",
    "agreement",
    "meeting",
    "statement",
    "handover",
    "blockade",
}


def test_every_design_type_with_plover():
    ontology = load_ontology(default_settings())
    assert set(ontology.types) >= DESIGN_TYPES
    assert ontology.plover("prisoner_exchange") == "CONCEDE"
    assert ontology.plover("attack") == "ASSAULT"


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("release", {"release", "releases", "released", "releasing"}),
        ("hand over", {"hand over", "hands over", "handed over", "handing over"}),
        ("ban", {"ban", "bans", "banned", "banning"}),
        ("open fire", {"open fire", "opens fire", "opened fire", "opening fire"}),
        ("try", {"try", "tries", "tried", "trying"}),
    ],
)
def test_verb_forms(lemma, forms):
    assert verb_forms(lemma) == forms


def test_noun_forms():
    assert noun_forms("casualty") == {"casualty", "casualties"}
    assert noun_forms("clash") == {"clash", "clashes"}


@pytest.mark.parametrize(
    ("sentence", "trigger", "event_type"),
    [
        ("Velmora handed over 12 servicemen to Ostrakan.", "handed over", "release"),
        ("Ostrakan handed over maps of the minefields.", "handed over", "handover"),
        ("The two sides exchanged detainees on Wednesday.", "exchanged", "prisoner_exchange"),
        ("The ceasefire was signed at dawn.", "ceasefire", "agreement"),
        ("Artillery shelled the village overnight.", "shelled", "attack"),
        ("Thousands fled their homes.", "fled", "displacement"),
    ],
)
def test_find_with_context(sentence, trigger, event_type):
    found = load_ontology(default_settings()).find(sentence)
    assert (trigger, event_type) in {(m.text, m.type) for m in found}


def test_context_blocks_unrelated_use():
    found = load_ontology(default_settings()).find("She returned the library book.")
    assert found == []


def test_user_file_adds_a_type(tmp_path):
    extra = tmp_path / "more.yaml"
    extra.write_text(
        "types:\n  protest:\n    plover: PROTEST\n    triggers:\n"
        "      - verbs: [rally]\n        nouns: [demonstration]\n"
    )
    config = tmp_path / "r.toml"
    config.write_text('ontology_files = ["more.yaml"]\n')
    ontology = load_ontology(load_settings(config))
    assert ontology.plover("protest") == "PROTEST"
    assert [m.type for m in ontology.find("Hundreds rallied in the square.")] == ["protest"]


def test_bad_user_file_names_itself():
    with pytest.raises(ConfigError, match=r"user\.yaml"):
        build_ontology([("user.yaml", ["not", "a", "mapping"])])
