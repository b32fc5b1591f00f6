import pytest
from tests.helpers import analysis_of, assert_offsets, run_stage

from rashomon.model import TimeMention, TimeValue
from rashomon.stages import counts
from rashomon.stages.counts import find_counts, load_rules

RULES = load_rules()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "More than 6,000 people died in the fighting.",
            [("More than 6,000", 6000, None, "more_than", "people")],
        ),
        ("Forty-four soldiers came home.", [("Forty-four", 44, None, None, "soldiers")]),
        ("Between them, 60 to 64 prisoners were held.", [("60 to 64", 60, 64, None, "prisoners")]),
        (
            "Some 1,960 Russian peacekeepers were deployed.",
            [("Some 1,960", 1960, None, "about", "Russian peacekeepers")],
        ),
        ("nearly 100,000 refugees crossed", [("nearly 100,000", 100000, None, "nearly", "refugees")]),
        ("one of the two Velmoran captives", [("two", 2, None, None, "Velmoran captives")]),
        ("tens of thousands of residents left", [("tens of thousands", 10000, None, None, "residents")]),
        (
            "about 92,000 anti-tank and anti-personnel mines",
            [("about 92,000", 92000, None, "about", "anti-tank and anti-personnel mines")],
        ),
        ("over\n200 people were hurt", [("over\n200", 200, None, "more_than", "people")]),
        ("two hundred and fifty detainees", [("two hundred and fifty", 250, None, None, "detainees")]),
        ("up to 4,000 citizens", [("up to 4,000", 4000, None, "up_to", "citizens")]),
        ("one million people", [("one million", 1_000_000, None, None, "people")]),
    ],
)
def test_counts(text, expected):
    found = find_counts(text, RULES)
    assert [(c.text, c.value, c.high, c.approx, c.what) for c in found] == expected
    assert_offsets(text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Resolution 822 of the Security Council.",
        "Article 9 of the statement.",
        "In 2021 the talks resumed.",
        "He was sentenced to 20 years.",
        "A 20-year-old man.",
        "This is one of the reasons.",
        "A total of nothing.",
    ],
)
def test_not_counts(text):
    assert find_counts(text, RULES) == []


def test_numbers_inside_dates_are_left_to_dates():
    text = "On 12 June 41 prisoners were freed."
    date = TimeMention(3, 10, "12 June", "date", TimeValue("2021-06-12", "day"))
    assert [c.value for c in find_counts(text, RULES, [date])] == [41]


def test_stage_empty_and_no_match():
    assert run_stage(counts, analysis_of("")) == []
    assert run_stage(counts, analysis_of("Nothing is counted here.")) == []


def test_stage_offsets():
    analysis = analysis_of("Ostrakan returned 45 detainees.\nVelmora said 12 servicemen came home.")
    found = run_stage(counts, analysis)
    assert [c.value for c in found] == [45, 12]
    assert_offsets(analysis.doc.text, found)


@pytest.mark.parametrize(
    "text",
    [
        "Officials said " + "9" * 320 + " soldiers were killed.",
        "Officials said " + "9" * 40 + " soldiers were killed.",
        "Officials said " + "9" * 16 + " soldiers were killed.",
        "Between " + "9" * 400 + " and " + "9" * 401 + " mines were found.",
    ],
)
def test_issue9_a_figure_past_any_count_is_not_a_count(text):
    """Issue 9: a 309-digit count became an infinite value that poisoned the store."""
    assert find_counts(text, RULES) == []


def test_issue9_large_but_plausible_counts_stay():
    (found,) = find_counts("The war displaced 2.5 million people.", RULES)
    assert found.value == 2.5e6
