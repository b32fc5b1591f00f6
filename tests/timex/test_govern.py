import pytest
from tests.helpers import analysis_of, run_stage

from rashomon.stages import dates
from rashomon.timex import date_event


def _dated(text, trigger, published="2023-12-14"):
    analysis = analysis_of(text, published=published)
    run_stage(dates, analysis)
    start = text.index(trigger)
    sentence = next(s for s in analysis.sentences if s.start <= start < s.end)
    return date_event(analysis, sentence, start, start + len(trigger))


@pytest.mark.parametrize(
    ("text", "trigger", "value", "span"),
    [
        # the date in the trigger's own clause wins over a nearer one across a clause break
        (
            "The men were freed on 3 March 2025, while talks began on 1 March 2025.",
            "freed",
            "2025-03-03",
            "3 March 2025",
        ),
        (
            "Talks began on 1 March 2025, while the men were freed on 3 March 2025.",
            "freed",
            "2025-03-03",
            "3 March 2025",
        ),
        (
            "On 1 March 2025 envoys met; the men were freed on 3 March 2025.",
            "freed",
            "2025-03-03",
            "3 March 2025",
        ),
        # an aside in brackets keeps its own date
        (
            "Envoys met on 6 April and 31 August (a first meeting was held on 14 December 2021).",
            "first meeting",
            "2021-12-14",
            "14 December 2021",
        ),
        # otherwise the nearest
        (
            "On 1 May 2024 the sides, after long talks, exchanged 12 detainees.",
            "exchanged",
            "2024-05-01",
            "1 May 2024",
        ),
        # a relative date anchored on the publication date
        ("Velmora and Ostrakan exchanged detainees on Wednesday.", "exchanged", "2023-12-13", "on Wednesday"),
    ],
)
def test_date_in_the_sentence(text, trigger, value, span):
    found, timex = _dated(text, trigger)
    assert (found.value, timex.text) == (value, span)


def test_a_duration_is_not_a_date():
    assert _dated("The men were held for 44 days.", "held") is None


def test_inherits_from_the_previous_sentence_of_the_paragraph():
    value, timex = _dated(
        "On 3 March 2025 the sides met. They exchanged 12 detainees after 44 days.", "exchanged"
    )
    assert (value.value, value.basis) == ("2025-03-03", "inferred")
    assert timex.text == "3 March 2025"


def test_no_inheritance_across_paragraphs():
    assert _dated("On 3 March 2025 the sides met.\nThey exchanged 12 detainees.", "exchanged") is None


def test_no_inheritance_when_the_sentence_has_its_own_unplaced_date():
    text = "On 3 March 2025 the sides met. They exchanged 12 detainees on Monday."
    assert _dated(text, "exchanged", published=None) is None


@pytest.mark.parametrize(
    ("published", "granularity"), [("2023-12-14", "day"), ("2023-12", "month"), ("2023", "year")]
)
def test_present_perfect_lead_takes_the_publication_date(published, granularity):
    value, timex = _dated("Velmora has released 12 detainees.", "released", published)
    assert (value.value, value.granularity, value.basis, timex) == (published, granularity, "document", None)


@pytest.mark.parametrize(
    ("text", "published"),
    [("Velmora released 12 detainees.", "2023-12-14"), ("Velmora has released 12 detainees.", None)],
)
def test_otherwise_undated(text, published):
    assert _dated(text, "released", published) is None
