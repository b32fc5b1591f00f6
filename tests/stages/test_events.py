import pytest
from tests.helpers import analysis_of

from rashomon.pipeline import _prepare, analyse_document, load_stages
from rashomon.settings import default_settings

TEXT = (
    "Velmora and Ostrakan exchanged detainees on Wednesday, the Velmoran Foreign Ministry said.\n"
    "Ostrakan handed over 45 Velmoran detainees at the Tovrin crossing.\n"
    "Ostrakan denied that its forces shelled the village.\n"
    "The ministers will meet in Geneva next week."
)


@pytest.fixture(scope="module")
def analysed():
    _prepare(default_settings(), load_stages())
    analysis, problems = analyse_document(analysis_of(TEXT).doc)
    assert problems == []
    return analysis


def _by_trigger(analysis, trigger):
    return next(m for m in analysis.events if m.trigger == trigger)


def test_types_and_plover(analysed):
    assert {(m.trigger, m.type, m.plover) for m in analysed.events} >= {
        ("exchanged", "prisoner_exchange", "CONCEDE"),
        ("handed over", "release", "CONCEDE"),
        ("shelled", "attack", "ASSAULT"),
        ("meet", "meeting", "CONSULT"),
    }


def test_arguments(analysed):
    exchanged = _by_trigger(analysed, "exchanged")
    assert exchanged.date.value == "2023-12-13" and exchanged.date_text == "on Wednesday"
    assert exchanged.attribution is not None and "Foreign Ministry" in exchanged.attribution.source
    assert exchanged.modality == "reported"
    handed = _by_trigger(analysed, "handed over")
    assert [c.value for c in handed.counts] == [45]
    assert [lab.label for lab in handed.labels] == ["detainee"]


def test_modality(analysed):
    assert _by_trigger(analysed, "shelled").modality == "denied"
    assert _by_trigger(analysed, "meet").modality == "planned"


def test_offsets_and_ids(analysed):
    text = analysed.doc.text
    for m in analysed.events:
        assert text[m.trigger_start : m.trigger_end] == m.trigger
        assert m.sentence_start <= m.trigger_start < m.trigger_end <= m.sentence_end
        for arg in (*m.places, *m.actors):
            assert text[arg.start : arg.end] == arg.text
    assert len({m.id for m in analysed.events}) == len(analysed.events)


def test_empty_and_no_match():
    for text in ("", "The weather was mild and the river was calm."):
        analysis, problems = analyse_document(analysis_of(text).doc)
        assert problems == [] and analysis.events == []


STORY = (
    "Velmora, Ostrakan Swap Detainees at Border\n"
    "Velmora and Ostrakan exchanged detainees on Wednesday.\n"
    "A total of 30 servicemen were released.\n"
    "Ostrakan handed over 28 soldiers at the Tovrin crossing.\n"
    "In 2019, Ostrakan had released 12 fishermen.\n"
    "Those fishermen were freed after talks."
)


@pytest.fixture(scope="module")
def story():
    _prepare(default_settings(), load_stages())
    analysis, problems = analyse_document(analysis_of(STORY).doc)
    assert problems == []
    return analysis


@pytest.mark.parametrize(
    ("trigger", "value", "basis"),
    [
        ("Swap", "2023-12-13", "inferred"),  # a headline: the lead's dated report of its kind
        ("exchanged", "2023-12-13", "relative"),
        ("released", "2023-12-13", "inferred"),  # the story continues: the exchange's date
        ("handed over", "2023-12-13", "inferred"),
        ("freed", "2019", "inferred"),  # the story moved to 2019: that thread's date, not Wednesday's
    ],
)
def test_undated_reports_take_their_story_date(story, trigger, value, basis):
    mention = _by_trigger(story, trigger)
    assert (mention.date.value, mention.date.basis) == (value, basis)


def test_headline_without_a_dated_lead_takes_the_publication_date():
    _prepare(default_settings(), load_stages())
    text = "Ostrakan frees 12 fishermen\nThe fishermen were freed after talks."
    analysis, _ = analyse_document(analysis_of(text).doc)
    headline = _by_trigger(analysis, "frees")
    assert (headline.date.value, headline.date.basis) == ("2023-12-14", "document")


def test_prisoners_of_war_are_not_a_war():
    _prepare(default_settings(), load_stages())
    analysis, _ = analyse_document(analysis_of("Ostrakan returned 15 prisoners of war. The war ended.").doc)
    assert [m.trigger for m in analysis.events if m.type == "military_operation"] == ["war"]
    assert analysis.events[-1].trigger_start > analysis.doc.text.index(".")


def test_a_topic_in_the_headline_stays_undated_and_a_chain_carries_the_date():
    _prepare(default_settings(), load_stages())
    text = (
        "After the Border War: Ostrakan frees 12 fishermen\n"
        "The release comes as talks resume on Thursday.\n"
        "A week before the vote, Ostrakan handed over the men.\n"
        "They were released at the bridge."
    )
    analysis, _ = analyse_document(analysis_of(text).doc)
    assert _by_trigger(analysis, "War").date is None
    for trigger in ("frees", "handed over", "released"):
        assert _by_trigger(analysis, trigger).date.value == "2023-12-14", trigger


@pytest.mark.parametrize(
    ("text", "trigger", "value"),
    [
        # the date written next to the place the mention names
        (
            "Russia hosted two meetings in 2021, on March 3 in Moscow and June 9 in Sochi.\n"
            "The Moscow meeting focused on roads.",
            "meeting",
            "2021-03-03",
        ),
        # 'This was ...' in the next sentence dates it
        (
            "In 2021 talks stalled. Thus Ostrakan sent a new proposal to Velmora.\n"
            "This was published on May 4, 2022.",
            "proposal",
            "2022-05-04",
        ),
    ],
)
def test_specific_evidence_beats_the_previous_sentence(text, trigger, value):
    _prepare(default_settings(), load_stages())
    analysis, _ = analyse_document(analysis_of(text).doc)
    assert _by_trigger(analysis, trigger).date.value == value
