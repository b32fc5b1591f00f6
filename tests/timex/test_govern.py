from tests.helpers import analysis_of, run_stage

from rashomon.model import TimeMention, TimeValue
from rashomon.stages import dates
from rashomon.timex import date_event


def _dated(text, trigger, published="2023-12-14"):
    analysis = analysis_of(text, published=published)
    run_stage(dates, analysis)
    start = text.index(trigger)
    sentence = next(s for s in analysis.sentences if s.start <= start < s.end)
    return date_event(analysis, sentence, start, start + len(trigger))


def test_same_clause_wins():
    value, timex = _dated("The men were freed on 3 March 2025, while talks began on 1 March 2025.", "freed")
    assert value.value == "2025-03-03" and timex.text == "3 March 2025"


def test_inherits_from_the_previous_sentence_of_the_paragraph():
    value, timex = _dated("On 3 March 2025 the sides met. They exchanged 12 detainees.", "exchanged")
    assert (value.value, value.basis) == ("2025-03-03", "inferred")
    assert timex.text == "3 March 2025"


def test_no_inheritance_across_paragraphs():
    assert _dated("On 3 March 2025 the sides met.\nThey exchanged 12 detainees.", "exchanged") is None


def test_present_perfect_lead_takes_the_publication_date():
    value, timex = _dated("Velmora has released 12 detainees.", "released")
    assert (value.value, value.basis, timex) == ("2023-12-14", "document", None)


def test_otherwise_undated():
    assert _dated("Velmora released 12 detainees.", "released") is None


def test_stage_empty_no_match_and_offsets():
    assert run_stage(dates, analysis_of("")) == []
    assert run_stage(dates, analysis_of("No time is named here.")) == []
    analysis = analysis_of("They met on Wednesday.\nA deal followed on 3 May 2024.")
    found = run_stage(dates, analysis)
    assert all(analysis.doc.text[m.start : m.end] == m.text for m in found)
    assert [m.text for m in found] == ["on Wednesday", "3 May 2024"]
    assert isinstance(found[0], TimeMention) and isinstance(found[0].value, TimeValue)
