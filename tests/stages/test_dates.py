import pytest
from tests.helpers import analysis_of, assert_offsets, run_stage

from rashomon.model import TimeMention, TimeValue
from rashomon.stages import dates


def test_stage_declaration():
    assert dates.STAGE.name == "dates" and dates.STAGE.version.startswith("dates.rules.")
    assert (dates.STAGE.requires, dates.STAGE.assigns) == (("sentences",), "dates")


def test_empty_document():
    assert run_stage(dates, analysis_of("")) == []


def test_no_match_document():
    assert run_stage(dates, analysis_of("No time is named here; we counted 1995 votes.")) == []


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "They met on Wednesday.\nA deal followed on 3 May 2024.",
            "2023-12-14",
            [("on Wednesday", "2023-12-13", "relative"), ("3 May 2024", "2024-05-03", "explicit")],
        ),
        ("They met on Wednesday.", None, [("on Wednesday", None, None)]),
        ("The talks ended in 2021.", "2023", [("2021", "2021", "explicit")]),
    ],
)
def test_stage_anchors_on_the_publication_date(text, published, expected):
    analysis = analysis_of(text, published=published)
    found = run_stage(dates, analysis)
    assert analysis.dates == found
    assert_offsets(analysis.doc.text, found)
    assert all(isinstance(m, TimeMention) for m in found)
    got = [(m.text, m.value.value if m.value else None, m.value.basis if m.value else None) for m in found]
    assert got == expected
    assert all(isinstance(m.value, TimeValue) for m in found if m.value is not None)
